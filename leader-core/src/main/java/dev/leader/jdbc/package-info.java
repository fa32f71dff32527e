/**
 * The JDBC lease store: one row per group in a lock table, timed by the database clock,
 * and the transactional fencing guard.
 */
package dev.leader.jdbc;

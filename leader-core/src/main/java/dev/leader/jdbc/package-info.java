/**
 * The JDBC lease store: one row per group in a lock table, timed by the database clock,
 * and the transactional fencing guard.
 */
@NullMarked
package dev.leader.jdbc;

import org.jspecify.annotations.NullMarked;

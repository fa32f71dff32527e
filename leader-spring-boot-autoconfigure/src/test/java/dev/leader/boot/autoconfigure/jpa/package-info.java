/**
 * A JPA entity for the fenced-transaction tests.
 */
package dev.leader.boot.autoconfigure.jpa;

/**
 * {@link dev.leader.test.autoconfigure.AutoConfigureLeader}: replaces the lease store
 * with the in-memory coordinator in an application's tests.
 */
@NullMarked
package dev.leader.test.autoconfigure;

import org.jspecify.annotations.NullMarked;

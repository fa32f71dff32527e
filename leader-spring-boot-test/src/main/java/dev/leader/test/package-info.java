/**
 * Test support for applications that use the leader starter: an in-memory coordinator
 * whose leadership a test decides, and {@link dev.leader.test.LeaderTestSupport} to
 * switch it and to assert what became of leader-only jobs.
 */
@NullMarked
package dev.leader.test;

import org.jspecify.annotations.NullMarked;

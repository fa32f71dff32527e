/**
 * The {@code @LeaderOnly} advisor: skips leader-only methods on followers and binds the
 * fencing token on the leader.
 */
@NullMarked
package dev.leader.aop;

import org.jspecify.annotations.NullMarked;

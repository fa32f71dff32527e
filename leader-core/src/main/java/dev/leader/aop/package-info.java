/**
 * The {@code @LeaderOnly} advisor: skips leader-only methods on followers and binds the
 * fencing token on the leader.
 */
package dev.leader.aop;

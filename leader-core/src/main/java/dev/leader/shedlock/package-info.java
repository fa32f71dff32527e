/**
 * ShedLock interoperability: a {@code LockProvider} over the lease store that gives every
 * {@code @SchedulerLock} execution a fencing token.
 */
package dev.leader.shedlock;

/**
 * ShedLock interoperability: a {@code LockProvider} over the lease store that gives every
 * {@code @SchedulerLock} execution a fencing token.
 */
@NullMarked
package dev.leader.shedlock;

import org.jspecify.annotations.NullMarked;

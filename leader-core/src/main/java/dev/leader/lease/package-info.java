/**
 * The lease-based coordinator: campaign loops over a pluggable
 * {@link dev.leader.lease.LeaseStore}.
 */
@NullMarked
package dev.leader.lease;

import org.jspecify.annotations.NullMarked;

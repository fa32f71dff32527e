/**
 * The lease-based coordinator: campaign loops over a pluggable
 * {@link dev.leader.lease.LeaseStore}.
 */
package dev.leader.lease;

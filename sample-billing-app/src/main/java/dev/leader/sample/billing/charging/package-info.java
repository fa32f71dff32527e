/**
 * The leader-only billing job: charge what is due through the payment provider, record it
 * under the fencing guard, and keep track of the work a stale token could not do.
 */
package dev.leader.sample.billing.charging;

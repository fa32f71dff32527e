/**
 * Customers and their subscriptions: plans, periods, what is due, and the seeded customer
 * base.
 */
package dev.leader.sample.billing.subscription;

/**
 * {@code GET /api/billing/summary}: what is due, what was charged, by which node and
 * token, and what fencing refused.
 */
package dev.leader.sample.billing.summary;

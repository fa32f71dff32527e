/**
 * The payment provider as the application sees it: an HTTP service at
 * {@code billing.gateway.url} that charges with an idempotency key and rejects stale
 * fencing tokens.
 */
package dev.leader.sample.billing.gateway;

/**
 * A payment provider simulator, runnable on its own: {@code POST /charges} with an
 * idempotency key and a fencing token, an in-memory ledger it reports at
 * {@code GET /ledger}, and a way to hold charge requests in flight for fault-injection
 * demos and tests.
 */
package dev.leader.sample.billing.provider;

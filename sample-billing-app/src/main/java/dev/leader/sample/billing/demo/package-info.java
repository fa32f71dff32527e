/**
 * The demo behind {@code bin/billing-demo}, and the tools it shares with the chaos test:
 * starting, killing, pausing and resuming JVMs, reading nodes and the payment provider
 * over HTTP, and auditing the database against the provider's ledger.
 */
package dev.leader.sample.billing.demo;

/**
 * The subscription-billing sample: a Spring Boot application whose leader charges every
 * due subscription period exactly once through a payment provider, with
 * {@code @LeaderOnly}, fencing tokens and the JDBC fencing guard.
 */
package dev.leader.sample.billing;

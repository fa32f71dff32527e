/**
 * The subscription-billing sample (not built yet: see the README).
 */
package dev.leader.sample.billing;

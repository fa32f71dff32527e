/**
 * Operator views of leader election: the {@code leader} actuator endpoint, the health
 * contributor and the Micrometer meters.
 */
package dev.leader.boot.actuate;

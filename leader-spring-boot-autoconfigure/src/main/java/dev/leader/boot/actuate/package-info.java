/**
 * Operator views of leader election: the {@code leader} actuator endpoint, the health
 * contributor and the Micrometer meters.
 */
@NullMarked
package dev.leader.boot.actuate;

import org.jspecify.annotations.NullMarked;

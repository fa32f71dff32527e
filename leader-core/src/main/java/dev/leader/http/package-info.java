/**
 * The fencing token on the wire: client interceptors that send the {@code Fencing-Token}
 * header from leader-only calls, and Spring MVC and WebFlux adapters that check it on
 * arrival.
 */
@NullMarked
package dev.leader.http;

import org.jspecify.annotations.NullMarked;

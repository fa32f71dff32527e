/**
 * Fencing tokens on RabbitMQ messages with Spring AMQP: a {@code MessagePostProcessor}
 * for {@code RabbitTemplate} that stamps the token, and listener-container advice that
 * drops a superseded leader's messages.
 */
@NullMarked
package dev.leader.amqp;

import org.jspecify.annotations.NullMarked;

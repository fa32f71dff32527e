/**
 * Fencing tokens on messages: the sender stamps the token of its leader-only call into a
 * {@code Fencing-Token} header, the consumer drops a message whose token it knows to be
 * superseded (Spring Messaging and Spring Integration forms).
 */
@NullMarked
package dev.leader.messaging;

import org.jspecify.annotations.NullMarked;

/**
 * Fencing at the receiving resource: the token carried in a header and the high-water
 * marks a receiver keeps to refuse a superseded leader's late requests and messages.
 */
@NullMarked
package dev.leader.fencing;

import org.jspecify.annotations.NullMarked;

/**
 * Auto-configuration of fencing on the wire: the client interceptors that send the token,
 * and the receiving side's check, under {@code leader.fencing}.
 */
@NullMarked
package dev.leader.boot.autoconfigure.fencing;

import org.jspecify.annotations.NullMarked;

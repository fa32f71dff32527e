/**
 * The etcd store: per group, a leader key created only if absent and attached to the
 * node's etcd lease, whose create revision is the fencing token.
 */
@NullMarked
package dev.leader.etcd;

import org.jspecify.annotations.NullMarked;

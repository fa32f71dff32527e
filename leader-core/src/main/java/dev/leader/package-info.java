/**
 * Public API of the leader starter: leader-only methods, fencing tokens and the
 * coordinator.
 */
@NullMarked
package dev.leader;

import org.jspecify.annotations.NullMarked;

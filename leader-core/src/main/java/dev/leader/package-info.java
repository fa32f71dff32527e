/**
 * Public API of the leader starter: leader-only methods, fencing tokens and the
 * coordinator.
 */
package dev.leader;

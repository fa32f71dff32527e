/**
 * The coordinator engine shared by every store: the options every coordinator takes,
 * lifecycle, ordered leadership events and the rules that must hold whatever the store.
 */
@NullMarked
package dev.leader.engine;

import org.jspecify.annotations.NullMarked;

/**
 * Contract suites that every store must pass: extend them for a store and run them
 * unchanged.
 */
@NullMarked
package dev.leader.test.contract;

import org.jspecify.annotations.NullMarked;

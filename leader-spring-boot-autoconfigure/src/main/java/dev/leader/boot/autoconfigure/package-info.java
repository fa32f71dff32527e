/**
 * Spring Boot auto-configuration of the leader coordinator.
 */
@NullMarked
package dev.leader.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;

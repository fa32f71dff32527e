/**
 * Spring Boot auto-configuration of the leader coordinator.
 */
package dev.leader.boot.autoconfigure;

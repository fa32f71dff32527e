/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.leader.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the etcd store ({@code leader.etcd.*}): where the cluster is, the key
 * prefix, the lease timings, timeouts, authentication and TLS.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@ConfigurationProperties("leader.etcd")
public class LeaderEtcdProperties {

	/**
	 * etcd client URLs, such as 'http://localhost:2379' (https with an SSL bundle).
	 * Setting them makes leader.store=auto choose etcd.
	 */
	private List<String> endpoints = new ArrayList<>();

	/**
	 * Key prefix under which each group has its leader key (namespace/group/leader) and
	 * granted key (namespace/group/granted). Starts with '/'.
	 */
	private String namespace = "/leader";

	/**
	 * TTL of each node's etcd lease, in whole seconds (rounded up; etcd grants at least
	 * 1.5 election timeouts). A crashed leader is replaced after about this long (up to
	 * about twice as long on etcd 3.4 when the Raft leader changes meanwhile); a leader
	 * that etcd does not answer steps down after two thirds of it.
	 */
	private Duration leaseDuration = Duration.ofSeconds(10);

	/**
	 * How often a node keeps its etcd lease alive. At most half the lease duration.
	 */
	private Duration renewInterval = Duration.ofSeconds(3);

	/**
	 * How long a node waits before trying again after etcd failed to answer (a follower's
	 * attempt, a lease grant); a node that yielded waits three times as long before it
	 * campaigns again. At most the lease duration.
	 */
	private Duration retryInterval = Duration.ofSeconds(1);

	/**
	 * How long the client waits for a connection to an etcd member.
	 */
	private Duration connectTimeout = Duration.ofSeconds(5);

	/**
	 * How long a request to etcd (an attempt, a token check, a lease read or grant) may
	 * take before it counts as failed.
	 */
	private Duration requestTimeout = Duration.ofSeconds(5);

	/**
	 * User name for etcd authentication.
	 */
	private @Nullable String user;

	/**
	 * Password for etcd authentication.
	 */
	private @Nullable String password;

	private final Ssl ssl = new Ssl();

	public List<String> getEndpoints() {
		return this.endpoints;
	}

	public void setEndpoints(List<String> endpoints) {
		this.endpoints = endpoints;
	}

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	public Duration getLeaseDuration() {
		return this.leaseDuration;
	}

	public void setLeaseDuration(Duration leaseDuration) {
		this.leaseDuration = leaseDuration;
	}

	public Duration getRenewInterval() {
		return this.renewInterval;
	}

	public void setRenewInterval(Duration renewInterval) {
		this.renewInterval = renewInterval;
	}

	public Duration getRetryInterval() {
		return this.retryInterval;
	}

	public void setRetryInterval(Duration retryInterval) {
		this.retryInterval = retryInterval;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public @Nullable String getUser() {
		return this.user;
	}

	public void setUser(@Nullable String user) {
		this.user = user;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	/**
	 * TLS settings.
	 */
	public static class Ssl {

		/**
		 * Name of the Spring Boot SSL bundle (spring.ssl.bundle.*) whose trust material
		 * checks the etcd members' certificates and whose key, if any, is the client
		 * certificate. Use https endpoints with it.
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

}

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

package dev.leader.bench.node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * jetcd's {@code Election} API as its documentation shows it: one etcd lease per node
 * (TTL = the shared lease setting, whole seconds) kept alive by jetcd's streaming
 * {@code keepAlive}; per group, {@code campaign} (it completes once this node is elected)
 * and {@code resign} on shutdown, after which the lease is revoked. The job runs a group
 * while its campaign has completed. Like the other peers without fencing, it does not
 * notice a lost leadership by itself.
 *
 * @author leader-spring-boot-starter
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class JetcdElectionNode {

	@Bean(destroyMethod = "close")
	Client etcdClient(NodeSettings settings) {
		return Client.builder().endpoints(settings.etcd()).build();
	}

	@Bean
	Elections elections(Client client, NodeSettings settings, Reporter reporter) {
		return new Elections(client, settings, reporter);
	}

	static class Elections implements SmartLifecycle {

		private final Client client;

		private final NodeSettings settings;

		private final Reporter reporter;

		private final List<CompletableFuture<LeaderKey>> campaigns = new ArrayList<>();

		private volatile long leaseId;

		private volatile @Nullable CloseableClient keepAlive;

		private volatile boolean running;

		Elections(Client client, NodeSettings settings, Reporter reporter) {
			this.client = client;
			this.settings = settings;
			this.reporter = reporter;
		}

		@Override
		public void start() {
			long ttl = Math.max(1, (this.settings.lease().toMillis() + 999) / 1000);
			try {
				this.leaseId = this.client.getLeaseClient().grant(ttl).get(10, TimeUnit.SECONDS).getID();
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not be granted an etcd lease", ex);
			}
			this.keepAlive = this.client.getLeaseClient().keepAlive(this.leaseId, new StreamObserver<>() {

				@Override
				public void onNext(LeaseKeepAliveResponse value) {
				}

				@Override
				public void onError(Throwable error) {
				}

				@Override
				public void onCompleted() {
				}

			});
			for (String group : this.settings.groupNames()) {
				this.campaigns.add(this.client.getElectionClient()
					.campaign(bytes("/jetcd-bench/" + group), this.leaseId, bytes(this.settings.nodeId()))
					.thenApply((response) -> response.getLeader()));
			}
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
			for (CompletableFuture<LeaderKey> campaign : this.campaigns) {
				LeaderKey key = campaign.getNow(null);
				if (key != null) {
					this.client.getElectionClient().resign(key).orTimeout(5, TimeUnit.SECONDS).join();
				}
				else {
					campaign.cancel(true);
				}
			}
			CloseableClient open = this.keepAlive;
			if (open != null) {
				open.close();
			}
			this.client.getLeaseClient().revoke(this.leaseId).orTimeout(5, TimeUnit.SECONDS).join();
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Scheduled(fixedRateString = "${bench.tick}")
		public void run() {
			for (int i = 0; i < this.campaigns.size(); i++) {
				CompletableFuture<LeaderKey> campaign = this.campaigns.get(i);
				if (campaign.isDone() && !campaign.isCompletedExceptionally()) {
					this.reporter.executed(i);
				}
			}
		}

		private static ByteSequence bytes(String value) {
			return ByteSequence.from(value, StandardCharsets.UTF_8);
		}

	}

}

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

import java.util.ArrayList;
import java.util.List;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.zookeeper.leader.LeaderInitiator;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Spring Integration's ZooKeeper {@link LeaderInitiator} (a Curator
 * {@code LeaderSelector}) per group, over one Curator client whose session timeout is the
 * shared lease setting (connection timeout half of it, as for this starter). The job runs
 * a group while the initiator's context says this node leads.
 *
 * @author leader-spring-boot-starter
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SiZookeeperNode {

	@Bean(destroyMethod = "close")
	CuratorFramework curator(NodeSettings settings) {
		CuratorFramework client = CuratorFrameworkFactory.builder()
			.connectString(settings.zookeeper())
			.sessionTimeoutMs((int) settings.lease().toMillis())
			.connectionTimeoutMs((int) settings.lease().toMillis() / 2)
			.retryPolicy(new ExponentialBackoffRetry(100, 10))
			.build();
		client.start();
		return client;
	}

	static void registerInitiators(GenericApplicationContext context, NodeSettings settings) {
		for (int i = 0; i < settings.groups(); i++) {
			String role = NodeSettings.group(i);
			context.registerBean("initiator-" + role, LeaderInitiator.class,
					() -> new LeaderInitiator(context.getBean(CuratorFramework.class),
							new DefaultCandidate(settings.nodeId(), role), "/si-bench/" + role));
		}
	}

	@Bean
	Job job(Reporter reporter, NodeSettings settings, ApplicationContext context) {
		List<LeaderInitiator> initiators = new ArrayList<>();
		for (int i = 0; i < settings.groups(); i++) {
			initiators.add(context.getBean("initiator-" + NodeSettings.group(i), LeaderInitiator.class));
		}
		return new Job(reporter, initiators);
	}

	static class Job {

		private final Reporter reporter;

		private final List<LeaderInitiator> initiators;

		Job(Reporter reporter, List<LeaderInitiator> initiators) {
			this.reporter = reporter;
			this.initiators = initiators;
		}

		@Scheduled(fixedRateString = "${bench.tick}")
		public void run() {
			for (int i = 0; i < this.initiators.size(); i++) {
				if (this.initiators.get(i).getContext().isLeader()) {
					this.reporter.executed(i);
				}
			}
		}

	}

}

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

package dev.leader.etcd;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.LeadershipGrantedEvent;
import dev.leader.LeadershipRevokedEvent;

/**
 * A leader node in a process of its own, for tests that pause it with {@code SIGSTOP}.
 * Arguments: endpoints (comma-separated), namespace, group, node id, TTL in ms. It prints
 * {@code GRANTED <token>} and {@code REVOKED <token> <reason>} as events arrive; every 20
 * ms, while it believes it leads, it makes a guarded write ({@link #guardedWrite}) and
 * prints {@code WROTE <token>} or {@code REFUSED <token>}; while it does not lead, it
 * verifies the last token it led with once and prints {@code STALE <token>} or
 * {@code VALID <token>}.
 */
public final class EtcdNodeProcess {

	private EtcdNodeProcess() {
	}

	public static void main(String[] args) throws Exception {
		Client client = Client.builder().endpoints(args[0].split(",")).build();
		String namespace = args[1];
		String group = args[2];
		Duration ttl = Duration.ofMillis(Long.parseLong(args[4]));
		EtcdLeaderCoordinator coordinator = EtcdLeaderCoordinator.builder(client)
			.namespace(namespace)
			.groups(group)
			.nodeId(args[3])
			.leaseDuration(ttl)
			.renewInterval(ttl.dividedBy(4))
			.retryInterval(Duration.ofMillis(200))
			.requestTimeout(Duration.ofSeconds(1))
			.listener((event) -> {
				if (event instanceof LeadershipGrantedEvent) {
					print("GRANTED " + event.getToken().value());
				}
				else if (event instanceof LeadershipRevokedEvent revoked) {
					print("REVOKED " + event.getToken().value() + " " + revoked.getReason());
				}
			})
			.build();
		coordinator.start();
		Loop loop = new Loop(client, coordinator, namespace, group);
		Executors.newSingleThreadScheduledExecutor().scheduleWithFixedDelay(loop::step, 0, 20, TimeUnit.MILLISECONDS);
		new CountDownLatch(1).await();
	}

	/**
	 * A write fenced at the resource: a history entry put in one transaction only if the
	 * group's leader key still has the token as its create revision.
	 */
	static boolean guardedWrite(Client client, String namespace, String group, FencingToken token) {
		ByteSequence leader = bytes(namespace + "/" + group + "/leader");
		ByteSequence entry = bytes(namespace + "/history/" + group + "/" + UUID.randomUUID());
		try {
			return client.getKVClient()
				.txn()
				.If(new Cmp(leader, Cmp.Op.EQUAL, CmpTarget.createRevision(token.value())))
				.Then(Op.put(entry, bytes(token.holder() + " " + token.value()), PutOption.DEFAULT))
				.commit()
				.get(1, TimeUnit.SECONDS)
				.isSucceeded();
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static ByteSequence bytes(String value) {
		return ByteSequence.from(value, StandardCharsets.UTF_8);
	}

	private static void print(String line) {
		System.out.println(line);
		System.out.flush();
	}

	/**
	 * One step every 20 ms: a guarded write while leading, else one check of the last
	 * token led with.
	 */
	private static final class Loop {

		private final Client client;

		private final EtcdLeaderCoordinator coordinator;

		private final String namespace;

		private final String group;

		private FencingToken last;

		private boolean checked = true;

		Loop(Client client, EtcdLeaderCoordinator coordinator, String namespace, String group) {
			this.client = client;
			this.coordinator = coordinator;
			this.namespace = namespace;
			this.group = group;
		}

		void step() {
			Optional<FencingToken> token = this.coordinator.token(this.group);
			if (token.isPresent()) {
				this.last = token.get();
				this.checked = false;
				boolean wrote = guardedWrite(this.client, this.namespace, this.group, this.last);
				print((wrote ? "WROTE " : "REFUSED ") + this.last.value());
			}
			else if (this.last != null && !this.checked) {
				try {
					this.coordinator.verify(this.last);
					print("VALID " + this.last.value());
					this.checked = true;
				}
				catch (FencingException ex) {
					print("STALE " + this.last.value());
					this.checked = true;
				}
				catch (RuntimeException ex) {
					// etcd did not answer: check again at the next step.
				}
			}
		}

	}

}

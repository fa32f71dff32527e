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

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

import dev.leader.engine.BeliefBoard;

/**
 * The etcd store's {@link BeliefBoard}: each instance's beliefs in the key
 * {@code <namespace>/.members/<instance>} (group names never start with a dot), attached
 * to the node's etcd lease, the one its leader keys are attached to, so that a record
 * ends with the keys it describes, at the same revision. One transaction writes the
 * record and reads every record, every leader key's create revision (the token) and every
 * pause flag at one revision. A paused group has the key
 * {@code <namespace>/.paused/<group>} (not on a lease; its value: the node that paused
 * it).
 *
 * @author leader-spring-boot-starter
 */
final class EtcdBeliefBoard implements BeliefBoard {

	private static final String MEMBERS = ".members/";

	private static final String PAUSED = ".paused/";

	private final EtcdProtocol protocol;

	private final String prefix;

	private final LongSupplier leaseId;

	/**
	 * A board over the namespace of a coordinator.
	 * @param leaseId the node's valid etcd lease, or 0 while it has none
	 */
	EtcdBeliefBoard(EtcdProtocol protocol, String namespace, LongSupplier leaseId) {
		this.protocol = protocol;
		this.prefix = namespace + "/";
		this.leaseId = leaseId;
	}

	@Override
	public Snapshot exchange(String nodeId, String instanceId, Supplier<Beliefs> beliefs, Duration timeout) {
		ByteSequence key = EtcdProtocol.bytes(this.prefix + MEMBERS + instanceId);
		long lease = this.leaseId.getAsLong();
		Beliefs mine = beliefs.get();
		// Without a lease this node leads nothing; a record without a lease would outlive
		// it.
		Op write = (lease != 0)
				? Op.put(key, EtcdProtocol.bytes(mine.encode()), PutOption.builder().withLeaseId(lease).build())
				: Op.delete(key, DeleteOption.DEFAULT);
		TxnResponse response = this.protocol.await(this.protocol.client()
			.getKVClient()
			.txn()
			.Then(write, Op.get(EtcdProtocol.bytes(this.prefix + MEMBERS), prefixed()),
					Op.get(EtcdProtocol.bytes(this.prefix), prefixed()))
			.commit(), "exchange beliefs");
		List<GetResponse> reads = response.getGetResponses();
		Map<String, Map<String, Long>> others = new HashMap<>();
		Map<String, BeliefBoard.Member> members = new HashMap<>();
		for (KeyValue record : reads.get(0).getKvs()) {
			String instance = record.getKey().toString().substring(this.prefix.length() + MEMBERS.length());
			members.put(instance, BeliefBoard.Member.decode(record.getValue().toString()));
			if (!instance.equals(instanceId)) {
				others.put(instance, BeliefBoard.decode(record.getValue().toString()));
			}
		}
		Map<String, Long> tokens = new HashMap<>();
		Map<String, String> holders = new HashMap<>();
		Set<String> paused = new HashSet<>();
		String leaderSuffix = "/" + EtcdProtocol.LEADER;
		for (KeyValue entry : reads.get(1).getKvs()) {
			String name = entry.getKey().toString().substring(this.prefix.length());
			if (name.startsWith(PAUSED)) {
				paused.add(name.substring(PAUSED.length()));
			}
			else if (!name.startsWith(MEMBERS) && name.endsWith(leaderSuffix)) {
				String group = name.substring(0, name.length() - leaderSuffix.length());
				tokens.put(group, entry.getCreateRevision());
				holders.put(group, EtcdProtocol.Holder.decode(entry.getValue()).instanceId());
			}
		}
		return new Snapshot(others, tokens, holders, members, paused);
	}

	@Override
	public void withdraw(String instanceId, Duration timeout) {
		this.protocol.await(
				this.protocol.client().getKVClient().delete(EtcdProtocol.bytes(this.prefix + MEMBERS + instanceId)),
				"withdraw beliefs");
	}

	@Override
	public boolean pause(String group, boolean paused, String byNode, Duration timeout) {
		ByteSequence key = EtcdProtocol.bytes(this.prefix + PAUSED + group);
		String what = (paused ? "pause" : "unpause") + " group '" + group + "'";
		if (!paused) {
			return this.protocol.await(this.protocol.client().getKVClient().delete(key), what).getDeleted() > 0;
		}
		return this.protocol
			.await(this.protocol.client()
				.getKVClient()
				.txn()
				.If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
				.Then(Op.put(key, EtcdProtocol.bytes(byNode), PutOption.DEFAULT))
				.commit(), what)
			.isSucceeded();
	}

	private static GetOption prefixed() {
		return GetOption.builder().isPrefix(true).build();
	}

}

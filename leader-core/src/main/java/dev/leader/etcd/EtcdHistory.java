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

import java.time.Clock;
import java.util.List;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import org.jspecify.annotations.Nullable;

import dev.leader.engine.HistoryRetention;
import dev.leader.engine.SessionHistory;

/**
 * The leadership history on etcd: the key {@code <namespace>/<group>/history}, without a
 * lease, holds the group's bounded log as JSON, written in a transaction conditional on
 * the modification revision read (or on the key's absence). etcd has no clock to read:
 * the times are those of the writing node's clock (a grant's start is the holder's
 * {@code acquiredAt}, as {@code lease(group)} shows it); the tokens (create revisions)
 * are the store's order.
 *
 * @author leader-spring-boot-starter
 */
final class EtcdHistory extends SessionHistory {

	static final String HISTORY = "history";

	private final EtcdProtocol protocol;

	private final Clock clock;

	EtcdHistory(EtcdProtocol protocol, Clock clock, HistoryRetention retention) {
		super(retention);
		this.protocol = protocol;
		this.clock = clock;
	}

	@Override
	protected @Nullable Versioned read(String group) {
		GetResponse response = this.protocol.await(this.protocol.client().getKVClient().get(key(group)),
				"read the history of group '" + group + "'");
		List<KeyValue> values = response.getKvs();
		if (values.isEmpty()) {
			return null;
		}
		KeyValue value = values.get(0);
		return new Versioned(value.getValue().getBytes(), value.getModRevision());
	}

	@Override
	protected boolean write(String group, byte[] data, @Nullable Versioned previous) {
		ByteSequence key = key(group);
		Cmp unchanged = (previous != null) ? new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(previous.version()))
				: new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0));
		return this.protocol
			.await(this.protocol.client()
				.getKVClient()
				.txn()
				.If(unchanged)
				.Then(Op.put(key, ByteSequence.from(data), PutOption.DEFAULT))
				.commit(), "write the history of group '" + group + "'")
			.isSucceeded();
	}

	/**
	 * This node's clock: etcd has none to read.
	 */
	@Override
	protected Stamp now(String group, Versioned current) {
		return new Stamp(this.clock.instant(), current);
	}

	private ByteSequence key(String group) {
		return this.protocol.historyKey(group);
	}

}

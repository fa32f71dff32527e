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

package dev.leader.lease;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.leader.engine.HistoryRetention;

/**
 * A leader prunes the history of the groups it leads, in one store call, at most once per
 * prune interval, after a renewal: the history grows only at grants, so pruning never
 * needs to keep pace with renewals, and it is never one more statement per renewal.
 *
 * @author leader-spring-boot-starter
 */
final class HistoryPruning {

	private static final Log logger = LogFactory.getLog(HistoryPruning.class);

	private final LeaseStore store;

	private final HistoryRetention retention;

	private final Duration timeout;

	private final Supplier<String> instanceId;

	/** When this node last pruned (monotonic); the first renewal prunes. */
	private volatile long prunedAt;

	HistoryPruning(LeaseStore store, HistoryRetention retention, Duration timeout, Supplier<String> instanceId) {
		this.store = store;
		this.retention = retention;
		this.timeout = timeout;
		this.instanceId = instanceId;
		this.prunedAt = System.nanoTime() - retention.pruneInterval().toNanos();
	}

	/**
	 * A renewal came back: prune the renewed groups' history when it is due, through
	 * {@code dispatch} (a store thread that is not the renewals').
	 * @param tokens the tokens the renewal sent
	 * @param renewed the groups it renewed
	 * @param dispatch runs the prune on a store thread
	 */
	void renewed(Map<String, Long> tokens, Set<String> renewed, Consumer<Runnable> dispatch) {
		long now = System.nanoTime();
		if (renewed.isEmpty() || !this.store.keepsHistory()
				|| now - this.prunedAt < this.retention.pruneInterval().toNanos()) {
			return;
		}
		this.prunedAt = now;
		Map<String, Long> held = new LinkedHashMap<>(tokens);
		held.keySet().retainAll(renewed);
		dispatch.accept(() -> {
			try {
				this.store.pruneHistory(held, this.retention, this.timeout);
			}
			catch (RuntimeException ex) {
				logger.warn("Instance " + this.instanceId.get() + " could not prune the leadership history of "
						+ held.size() + " groups; it tries again in " + this.retention.pruneInterval() + ": " + ex);
			}
		});
	}

}

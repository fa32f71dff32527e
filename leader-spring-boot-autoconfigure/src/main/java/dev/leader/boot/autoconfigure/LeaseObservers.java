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
import java.util.List;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;

import dev.leader.FencingToken;
import dev.leader.LeadershipConflict;
import dev.leader.LeaseObserver;

/**
 * All {@link LeaseObserver} beans as one, looked up on first use so that observers
 * defined by later auto-configurations (metrics) are included.
 *
 * @author leader-spring-boot-starter
 */
final class LeaseObservers implements LeaseObserver {

	private final Supplier<List<LeaseObserver>> observers;

	LeaseObservers(ObjectProvider<LeaseObserver> observers) {
		this.observers = SingletonSupplier.of(() -> observers.orderedStream().toList());
	}

	@Override
	public void renewed(String group, Duration took, boolean success) {
		this.observers.get().forEach((observer) -> observer.renewed(group, took, success));
	}

	@Override
	public void fencingChecked(FencingToken token, boolean valid) {
		this.observers.get().forEach((observer) -> observer.fencingChecked(token, valid));
	}

	@Override
	public void conflictDetected(LeadershipConflict conflict) {
		this.observers.get().forEach((observer) -> observer.conflictDetected(conflict));
	}

}

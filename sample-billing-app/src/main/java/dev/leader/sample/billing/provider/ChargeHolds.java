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

package dev.leader.sample.billing.provider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fault injection: once armed, the next charge requests are held unanswered, before the
 * ledger sees them, until {@link #release()} (or a safety timeout). A demo or test uses
 * it to freeze a leader while its charge is in flight, and to decide when that charge
 * reaches the ledger.
 *
 * @author leader-spring-boot-starter
 */
public final class ChargeHolds {

	private final long maxHoldNanos;

	private final List<HeldCharge> held = new ArrayList<>();

	private int armed;

	private long releases;

	/**
	 * Holds that end on their own after {@code maxHold} at the latest.
	 * @param maxHold the longest a request is held
	 */
	public ChargeHolds(Duration maxHold) {
		this.maxHoldNanos = maxHold.toNanos();
	}

	/**
	 * Hold the next {@code count} charge requests.
	 * @param count how many requests to hold
	 */
	public synchronized void arm(int count) {
		this.armed += count;
	}

	/**
	 * Called for every charge request: returns at once unless armed; otherwise waits
	 * until released.
	 * @param charge the request
	 * @throws InterruptedException when the simulator stops meanwhile
	 */
	public synchronized void pass(HeldCharge charge) throws InterruptedException {
		if (this.armed == 0) {
			return;
		}
		this.armed--;
		this.held.add(charge);
		this.notifyAll();
		long release = this.releases;
		long deadline = System.nanoTime() + this.maxHoldNanos;
		try {
			while (this.releases == release) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return;
				}
				TimeUnit.NANOSECONDS.timedWait(this, left);
			}
		}
		finally {
			this.held.removeIf((candidate) -> candidate == charge);
		}
	}

	/**
	 * Let every held request go on to the ledger, and disarm.
	 * @return the number of requests released
	 */
	public synchronized int release() {
		int released = this.held.size();
		this.armed = 0;
		this.releases++;
		this.notifyAll();
		return released;
	}

	/**
	 * The requests held right now.
	 * @return the held requests
	 */
	public synchronized List<HeldCharge> held() {
		return List.copyOf(this.held);
	}

}

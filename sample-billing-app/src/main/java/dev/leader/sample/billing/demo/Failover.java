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

package dev.leader.sample.billing.demo;

import java.time.Duration;

/**
 * One failover the demo caused, measured.
 *
 * @param fault what was done to the leader
 * @param from the leader it was done to
 * @param fromToken that leader's token
 * @param to the node that took over
 * @param toToken its token
 * @param elected from the fault until the new lease was acquired (database time)
 * @param charging from the fault until the new leader recorded its first charge
 * @param caughtUp from the fault until no started period was left unpaid
 * @param lapsed periods that had started unpaid when the new leader began charging
 * @author leader-spring-boot-starter
 */
public record Failover(String fault, String from, long fromToken, String to, long toToken, Duration elected,
		Duration charging, Duration caughtUp, long lapsed) {

	@Override
	public String toString() {
		return String.format(
				"%-8s %s (token %d) -> %s (token %d): new leader after %.2f s, charging after %.2f s, "
						+ "caught up after %.2f s (%d periods had lapsed meanwhile)",
				this.fault, this.from, this.fromToken, this.to, this.toToken, seconds(this.elected),
				seconds(this.charging), seconds(this.caughtUp), this.lapsed);
	}

	static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}

}

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

package dev.leader.boot.autoconfigure.kotlin

import java.util.Optional
import java.util.concurrent.CopyOnWriteArrayList

import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

import org.springframework.scheduling.annotation.Scheduled

import dev.leader.LeaderContext
import dev.leader.LeaderOnly

/*
 * Kotlin fixtures of the advisor tests (LeaderOnlyKotlinTests). Classes and members are
 * open, as the kotlin-spring compiler plugin makes Spring components, so that a proxy can
 * intercept them.
 */

/** A non-null return type: a follower's skipped call would hand Kotlin a null it never checks. */
open class NonNullReturningJob {

	@LeaderOnly("kotlin")
	open fun report(): String = "report"

}

/** The same job written so that it can be skipped: a nullable return type. */
open class NullableReturningJob {

	@LeaderOnly("kotlin")
	open fun report(): String? = "report"

}

/** Optional is non-null and still safe: followers get Optional.empty(). */
open class OptionalReturningJob {

	@LeaderOnly("kotlin")
	open fun report(): Optional<String> = Optional.of("report")

}

/**
 * A suspending scheduled job: Spring AOP hands the advice a Mono for it and runs the body
 * when that is subscribed, after the advice returned. Refused at startup.
 */
open class SuspendingScheduledJob {

	@Scheduled(fixedDelay = 50)
	@LeaderOnly("kotlin")
	open suspend fun tick() {
		LeaderContext.require()
		yield()
	}

}

/**
 * What a suspending job is written as instead: a regular function that runs its
 * suspending work with runBlocking, inside the leader check, with the token bound.
 * Records the token each run saw.
 */
open class BlockingScheduledJob {

	private val tokens: MutableList<Long> = CopyOnWriteArrayList()

	@Scheduled(fixedDelay = 50)
	@LeaderOnly("kotlin")
	open fun tick() {
		runBlocking {
			yield()
			tokens.add(LeaderContext.require().value())
		}
	}

	open fun tokens(): List<Long> = this.tokens.toList()

}

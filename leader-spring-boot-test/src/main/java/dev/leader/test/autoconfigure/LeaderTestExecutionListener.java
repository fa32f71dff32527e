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

package dev.leader.test.autoconfigure;

import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

import dev.leader.test.LeaderTestSupport;

/**
 * Resets the leadership of a test's application context after each test method (see
 * {@link LeaderTestSupport#reset()}): every group returns to the configured mode and the
 * recorded job calls are forgotten, so that what one test granted, revoked or fenced does
 * not leak into the next test, nor into a later test class that reuses the cached
 * context. Does nothing for contexts without {@link AutoConfigureLeader}.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public class LeaderTestExecutionListener extends AbstractTestExecutionListener {

	@Override
	public int getOrder() {
		// Before DirtiesContextTestExecutionListener closes the context after a method.
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

	@Override
	public void afterTestMethod(TestContext testContext) {
		if (testContext.hasApplicationContext()) {
			testContext.getApplicationContext()
				.getBeanProvider(LeaderTestSupport.class)
				.ifUnique(LeaderTestSupport::reset);
		}
	}

}

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

package dev.leader.docs.fencing;

import org.springframework.stereotype.Component;

import dev.leader.LeaderOnly;

@Component
public class Reports {

	private final ReportRenderer renderer;

	public Reports(ReportRenderer renderer) {
		this.renderer = renderer;
	}

	@LeaderOnly("reports")
	public void renderAll() {
		// The token travels to the @Async method; waiting here keeps the work inside this
		// call, which is what yield, shutdown and a lost lease act on.
		this.renderer.render().join();
	}

}

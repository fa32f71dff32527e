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

package dev.leader.http;

import java.util.Collection;
import java.util.List;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The request paths whose requests are checked for a fencing token, as Spring path
 * patterns ({@code /charges/**}, {@code /api/{tenant}/jobs}), matched against the path
 * within the application.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class FencedPaths {

	private final List<PathPattern> patterns;

	/**
	 * The paths matching any of the patterns.
	 * @param patterns the patterns; none matches no path
	 * @throws IllegalArgumentException when a pattern is not a valid path pattern
	 */
	public FencedPaths(Collection<String> patterns) {
		this.patterns = patterns.stream().map(PathPatternParser.defaultInstance::parse).toList();
	}

	/**
	 * Whether a path is fenced.
	 * @param path the path within the application
	 * @return {@code true} when a pattern matches it
	 */
	public boolean matches(PathContainer path) {
		for (PathPattern pattern : this.patterns) {
			if (pattern.matches(path)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether no path is fenced.
	 * @return {@code true} when there are no patterns
	 */
	public boolean isEmpty() {
		return this.patterns.isEmpty();
	}

}

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

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import dev.leader.fencing.FencingVerdict;

/**
 * Turns a refused {@link FencingVerdict} into an RFC 9457 problem: status and title of
 * the outcome, the verdict's sentence as {@code detail}, the request path as
 * {@code instance}, and the properties {@code group}, {@code token} (the presented one)
 * and {@code currentToken} (the highest one known) where they are known.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class FencingProblems {

	private FencingProblems() {
	}

	/**
	 * The problem that answers a refused request.
	 * @param verdict the refusal
	 * @param path the request path, or {@code null}
	 * @return the problem
	 */
	public static ProblemDetail of(FencingVerdict verdict, @Nullable String path) {
		if (!verdict.refused()) {
			throw new IllegalArgumentException("Not a refusal: " + verdict);
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(verdict.status()),
				verdict.detail());
		problem.setTitle(verdict.title());
		if (path != null) {
			problem.setInstance(URI.create(path));
		}
		if (verdict.group() != null) {
			problem.setProperty("group", verdict.group());
		}
		if (verdict.token() != null) {
			problem.setProperty("token", verdict.token());
		}
		if (verdict.currentToken() != null) {
			problem.setProperty("currentToken", verdict.currentToken());
		}
		return problem;
	}

}

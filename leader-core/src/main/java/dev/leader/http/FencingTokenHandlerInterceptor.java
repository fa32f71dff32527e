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

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.util.ServletRequestPathUtils;

import dev.leader.fencing.FencingTokenCheck;
import dev.leader.fencing.FencingTokenHeader;
import dev.leader.fencing.FencingVerdict;

/**
 * Spring MVC adapter of {@link FencingTokenCheck}: checks the {@code Fencing-Token} of
 * requests to {@link FencedEndpoint @FencedEndpoint} handlers (for their group) and of
 * requests to the {@link FencedPaths fenced paths} (any group), and answers a refusal
 * with an RFC 9457 problem ({@code application/problem+json}) written by the
 * application's message converters. Register it for every path; it picks the requests it
 * checks itself.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class FencingTokenHandlerInterceptor implements HandlerInterceptor {

	private final FencingTokenCheck check;

	private final FencedPaths paths;

	private final Supplier<List<HttpMessageConverter<?>>> converters;

	/**
	 * An interceptor.
	 * @param check the rule
	 * @param paths the paths whose requests are checked for a token of any group
	 * @param converters the converters to write problems with (typically those of the
	 * {@code RequestMappingHandlerAdapter}); one must write {@link ProblemDetail} as
	 * {@code application/problem+json}
	 */
	public FencingTokenHandlerInterceptor(FencingTokenCheck check, FencedPaths paths,
			Supplier<List<HttpMessageConverter<?>>> converters) {
		this.check = Objects.requireNonNull(check, "check");
		this.paths = Objects.requireNonNull(paths, "paths");
		this.converters = Objects.requireNonNull(converters, "converters");
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws IOException {
		String header = request.getHeader(FencingTokenHeader.NAME);
		FencedEndpoint endpoint = endpoint(handler);
		FencingVerdict verdict;
		if (endpoint != null) {
			verdict = this.check.check(header, endpoint.value());
		}
		else if (!this.paths.isEmpty() && this.paths.matches(path(request))) {
			verdict = this.check.check(header);
		}
		else {
			return true;
		}
		if (!verdict.refused()) {
			return true;
		}
		refuse(request, response, verdict);
		return false;
	}

	private static @Nullable FencedEndpoint endpoint(Object handler) {
		if (!(handler instanceof HandlerMethod method)) {
			return null;
		}
		FencedEndpoint onMethod = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), FencedEndpoint.class);
		return (onMethod != null) ? onMethod
				: AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), FencedEndpoint.class);
	}

	private static PathContainer path(HttpServletRequest request) {
		return (ServletRequestPathUtils.hasParsedRequestPath(request)
				? ServletRequestPathUtils.getParsedRequestPath(request)
				: ServletRequestPathUtils.parseAndCache(request))
			.pathWithinApplication();
	}

	@SuppressWarnings("unchecked")
	private void refuse(HttpServletRequest request, HttpServletResponse response, FencingVerdict verdict)
			throws IOException {
		ProblemDetail problem = FencingProblems.of(verdict, request.getRequestURI());
		response.setStatus(verdict.status());
		for (HttpMessageConverter<?> converter : this.converters.get()) {
			if (converter.canWrite(ProblemDetail.class, MediaType.APPLICATION_PROBLEM_JSON)) {
				try (ServletServerHttpResponse output = new ServletServerHttpResponse(response)) {
					((HttpMessageConverter<Object>) converter).write(problem, MediaType.APPLICATION_PROBLEM_JSON,
							output);
				}
				return;
			}
		}
		throw new HttpMessageNotWritableException(
				"No message converter writes " + MediaType.APPLICATION_PROBLEM_JSON + " to refuse: " + problem);
	}

}

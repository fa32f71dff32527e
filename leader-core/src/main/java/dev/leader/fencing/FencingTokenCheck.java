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

package dev.leader.fencing;

import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The receiver's rule for a {@value FencingTokenHeader#NAME} header, free of any web
 * framework: read the header, admit the token through a {@link FencingTokenRegistry}, and
 * give a {@link FencingVerdict}. The Spring MVC and WebFlux adapters
 * ({@code dev.leader.http}) and plain servers call it alike.
 * <p>
 * A token older than the highest one the registry has seen for its group is refused
 * (409). A malformed header is refused (400). A request without the header passes unless
 * the check {@linkplain #FencingTokenCheck(FencingTokenRegistry, boolean) requires one}
 * (428); an endpoint that names its group always requires one, of that group.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class FencingTokenCheck {

	private static final Log logger = LogFactory.getLog(FencingTokenCheck.class);

	private final FencingTokenRegistry registry;

	private final boolean requireToken;

	/**
	 * A check that lets requests without the header through.
	 * @param registry the high-water marks
	 */
	public FencingTokenCheck(FencingTokenRegistry registry) {
		this(registry, false);
	}

	/**
	 * A check.
	 * @param registry the high-water marks
	 * @param requireToken whether a request without the header is refused (428)
	 */
	public FencingTokenCheck(FencingTokenRegistry registry, boolean requireToken) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.requireToken = requireToken;
	}

	/**
	 * Check a request of any group.
	 * @param header the {@value FencingTokenHeader#NAME} header value, or {@code null}
	 * when the request has none
	 * @return the verdict
	 */
	public FencingVerdict check(@Nullable String header) {
		if (header == null) {
			return this.requireToken ? missing(null) : new FencingVerdict(FencingVerdict.Outcome.NOT_PRESENTED, null,
					null, null, "The request carries no " + FencingTokenHeader.NAME + " header");
		}
		Read read = Read.of(header);
		FencingTokenHeader.Presented presented = read.presented();
		return (presented != null) ? admit(presented) : malformed(read.problem());
	}

	/**
	 * Check a request to an endpoint of one group: the header is required and must carry
	 * a token of that group. A token of another group is refused without being admitted,
	 * so that it moves no high-water mark.
	 * @param header the {@value FencingTokenHeader#NAME} header value, or {@code null}
	 * when the request has none
	 * @param group the endpoint's group
	 * @return the verdict
	 */
	public FencingVerdict check(@Nullable String header, String group) {
		if (header == null) {
			return missing(group);
		}
		Read read = Read.of(header);
		FencingTokenHeader.Presented presented = read.presented();
		if (presented == null) {
			return malformed(read.problem());
		}
		if (!presented.group().equals(group)) {
			return new FencingVerdict(FencingVerdict.Outcome.WRONG_GROUP, presented.group(), presented.value(), null,
					"This endpoint requires a fencing token of group '" + group + "', but the request carries token "
							+ presented.value() + " of group '" + presented.group() + "'");
		}
		return admit(presented);
	}

	private static FencingVerdict malformed(String problem) {
		return new FencingVerdict(FencingVerdict.Outcome.MALFORMED, null, null, null, problem);
	}

	private FencingVerdict admit(FencingTokenHeader.Presented presented) {
		FencingTokenRegistry.Admission admission = this.registry.admit(presented.group(), presented.value());
		if (admission.admitted()) {
			return new FencingVerdict(FencingVerdict.Outcome.ADMITTED, admission.group(), admission.value(),
					admission.highest(),
					"Fencing token " + admission.value() + " of group '" + admission.group() + "' is the newest seen");
		}
		if (logger.isInfoEnabled()) {
			logger.info("Refused stale fencing token " + admission.value() + " of group '" + admission.group()
					+ "': token " + admission.highest() + " was seen");
		}
		return new FencingVerdict(FencingVerdict.Outcome.STALE, admission.group(), admission.value(),
				admission.highest(),
				"Fencing token " + admission.value() + " of group '" + admission.group() + "' is stale: token "
						+ admission.highest() + " was seen, so the sender is no longer the group's leader");
	}

	private FencingVerdict missing(@Nullable String group) {
		String of = (group != null) ? " of group '" + group + "'" : "";
		return new FencingVerdict(FencingVerdict.Outcome.MISSING, group, null, null,
				"This endpoint requires a " + FencingTokenHeader.NAME + " header" + of + ", as <group>:<value>");
	}

	/**
	 * The registry this check admits tokens through.
	 * @return the registry
	 */
	public FencingTokenRegistry registry() {
		return this.registry;
	}

	/**
	 * A header as read: the token it carries, or what is wrong with it.
	 */
	private record Read(FencingTokenHeader.@Nullable Presented presented, String problem) {

		static Read of(String header) {
			try {
				return new Read(FencingTokenHeader.parse(header), "");
			}
			catch (IllegalArgumentException ex) {
				String problem = Objects.requireNonNullElse(ex.getMessage(), "not <group>:<value>");
				return new Read(null, problem.contains(FencingTokenHeader.NAME) ? problem
						: "Malformed " + FencingTokenHeader.NAME + " header '" + header + "': " + problem);
			}
		}

	}

}

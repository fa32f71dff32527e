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

package dev.leader.aop;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.core.KotlinDetector;
import org.springframework.core.Nullness;

/**
 * Whether a Kotlin function declares a result that a skipped call cannot give: a non-null
 * type other than {@code Unit} and {@code Optional}. A follower's skipped call returns
 * {@code null}, which Kotlin code trusts not to see behind a non-null type (it fails
 * later, far from the cause). Read from the Kotlin metadata through Spring's
 * {@link Nullness}, which needs {@code kotlin-reflect} (as Spring's Kotlin support does);
 * without it nothing is refused and the documented rule applies.
 *
 * @author leader-spring-boot-starter
 */
final class KotlinReturnTypes {

	private static final String UNIT = "kotlin.Unit";

	private KotlinReturnTypes() {
	}

	/**
	 * The Kotlin result type of a method that cannot be skipped safely.
	 * @param method a {@code @LeaderOnly} method
	 * @return the non-null result type, or {@code null} when the method can be skipped
	 * (not Kotlin, no result, nullable, {@code Optional}, or undecidable without
	 * {@code kotlin-reflect})
	 */
	static @Nullable String nonNullResult(Method method) {
		if (!KotlinDetector.isKotlinReflectPresent() || !KotlinDetector.isKotlinType(method.getDeclaringClass())) {
			return null;
		}
		Type result = method.getGenericReturnType();
		if (result == void.class || isNamed(result, UNIT) || isNamed(result, Optional.class.getName())) {
			return null;
		}
		return (Nullness.forMethodReturnType(method) == Nullness.NON_NULL) ? result.getTypeName() : null;
	}

	private static boolean isNamed(Type type, String name) {
		Type raw = (type instanceof ParameterizedType parameterized) ? parameterized.getRawType() : type;
		return raw.getTypeName().equals(name);
	}

}

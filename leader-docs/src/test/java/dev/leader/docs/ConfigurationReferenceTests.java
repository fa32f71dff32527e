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

package dev.leader.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.convert.DurationStyle;

import dev.leader.boot.autoconfigure.LeaderEtcdProperties;
import dev.leader.boot.autoconfigure.LeaderHistoryProperties;
import dev.leader.boot.autoconfigure.LeaderMessagingFencingProperties;
import dev.leader.boot.autoconfigure.LeaderPlacementProperties;
import dev.leader.boot.autoconfigure.LeaderProperties;
import dev.leader.boot.autoconfigure.fencing.LeaderFencingProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md is generated from the configuration metadata of
 * leader-spring-boot-autoconfigure (what IDEs show), never written by hand. This test
 * fails when a property has no description, when a property whose
 * {@link LeaderProperties} field has a default does not declare it (or declares another
 * one), and when the committed page differs from the generated one. To regenerate the
 * page:
 * {@code ./mvnw -pl leader-docs -am test -Dtest=ConfigurationReferenceTests -Dsurefire.failIfNoSpecifiedTests=false -Dleader.docs.write=true}.
 */
class ConfigurationReferenceTests {

	static final String PAGE = "docs/configuration.md";

	private static final String MESSAGES_PREFIX = "leader.fencing.messages.";

	private static final String ETCD_PREFIX = "leader.etcd.";

	static final String REGENERATE = "./mvnw -pl leader-docs -am test -Dtest=ConfigurationReferenceTests "
			+ "-Dsurefire.failIfNoSpecifiedTests=false -Dleader.docs.write=true";

	@Test
	void everyPropertyHasADescription() {
		List<String> missing = properties().stream()
			.filter((property) -> text(property, "description").isBlank())
			.map((property) -> text(property, "name"))
			.toList();
		assertThat(missing)
			.as("properties without a description: write the javadoc of their field in "
					+ "LeaderProperties, or a description in additional-spring-configuration-metadata.json")
			.isEmpty();
	}

	@Test
	void everyPropertyWithADefaultDeclaresIt() {
		List<String> problems = new ArrayList<>();
		BeanWrapperImpl defaults = new BeanWrapperImpl(new LeaderProperties());
		BeanWrapperImpl fencingDefaults = new BeanWrapperImpl(new LeaderFencingProperties());
		BeanWrapperImpl messagesDefaults = new BeanWrapperImpl(new LeaderMessagingFencingProperties());
		BeanWrapperImpl placementDefaults = new BeanWrapperImpl(new LeaderPlacementProperties());
		BeanWrapperImpl etcdDefaults = new BeanWrapperImpl(new LeaderEtcdProperties());
		// Longest prefixes first: leader.fencing.messages.* before leader.fencing.*.
		Map<String, BeanWrapperImpl> prefixed = new LinkedHashMap<>();
		prefixed.put(MESSAGES_PREFIX, messagesDefaults);
		prefixed.put("leader.fencing.", fencingDefaults);
		prefixed.put(ETCD_PREFIX, etcdDefaults);
		prefixed.put("leader.placement.", placementDefaults);
		prefixed.put("leader.history.", new BeanWrapperImpl(new LeaderHistoryProperties()));
		for (JsonNode property : properties()) {
			String name = text(property, "name");
			if (!name.startsWith("leader.")) {
				continue;
			}
			// leader.placement.*, leader.history.*, leader.etcd.*,
			// leader.fencing.messages.*
			// and the other leader.fencing.* have properties classes of their own.
			Object value = defaultOf(name, prefixed, defaults);
			boolean hasDefault = value != null && !(value instanceof Collection<?> collection && collection.isEmpty())
					&& !(value instanceof Map<?, ?> map && map.isEmpty());
			JsonNode declared = property.get("defaultValue");
			if (hasDefault && declared == null) {
				problems.add(name + " defaults to " + value + " but the metadata declares no default (initialize the "
						+ "field with a literal so that the annotation processor sees it)");
			}
			else if (hasDefault && !sameValue(value, declared)) {
				problems.add(name + " defaults to " + value + " but the metadata declares " + declared);
			}
			else if (!hasDefault && declared != null) {
				problems.add(name + " declares default " + declared + " but LeaderProperties has none");
			}
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void committedPageMatchesTheMetadata() throws IOException {
		String generated = render();
		Path page = Docs.root().resolve(PAGE);
		if (Boolean.getBoolean("leader.docs.write")) {
			Files.writeString(page, generated, StandardCharsets.UTF_8);
		}
		assertThat(page).as(PAGE + " is generated; run " + REGENERATE).exists();
		assertThat(Files.readString(page, StandardCharsets.UTF_8))
			.as(PAGE + " differs from the configuration metadata; regenerate it with " + REGENERATE)
			.isEqualTo(generated);
	}

	/**
	 * The default of a property, from the properties class its prefix belongs to.
	 */
	private static Object defaultOf(String name, Map<String, BeanWrapperImpl> prefixed, BeanWrapperImpl defaults) {
		for (Map.Entry<String, BeanWrapperImpl> prefix : prefixed.entrySet()) {
			if (name.startsWith(prefix.getKey())) {
				return prefix.getValue()
					.getPropertyValue(beanPath("leader." + name.substring(prefix.getKey().length())));
			}
		}
		return defaults.getPropertyValue(beanPath(name));
	}

	static String render() {
		StringBuilder page = new StringBuilder();
		page.append("# Configuration reference\n\n");
		page.append(
				"<!-- Generated from the configuration metadata by ConfigurationReferenceTests (module leader-docs);"
						+ " do not edit. -->\n\n");
		page.append("Every property the starter binds or documents, as your IDE completes it. This page is generated\n"
				+ "from `META-INF/spring-configuration-metadata.json` of `leader-spring-boot-autoconfigure` (the javadoc\n"
				+ "of `LeaderProperties` and `additional-spring-configuration-metadata.json`); the build fails when\n"
				+ "it differs. To regenerate it:\n\n");
		page.append("```shell\n").append(REGENERATE).append("\n```\n\n");
		page.append("Durations take Spring Boot's formats: `500ms`, `10s`, `2m`, or ISO-8601 (`PT10S`); a number\n"
				+ "alone is milliseconds. How the timings relate: [the JDBC store](jdbc-store.md),\n"
				+ "[the ZooKeeper store](zookeeper-store.md), [the etcd store](etcd-store.md); what a mistake at\n"
				+ "startup looks like: " + "[troubleshooting](troubleshooting.md).\n\n");
		page.append("| property | type | default | description |\n");
		page.append("|---|---|---|---|\n");
		for (JsonNode property : properties()) {
			page.append("| `")
				.append(text(property, "name"))
				.append("` | ")
				.append(type(text(property, "type")))
				.append(" | ")
				.append(defaultValue(property))
				.append(" | ")
				.append(text(property, "description").replace("|", "\\|").replace("\n", " "))
				.append(" |\n");
		}
		return page.toString();
	}

	static List<JsonNode> properties() {
		JsonNode metadata = metadata();
		List<JsonNode> properties = new ArrayList<>();
		metadata.get("properties").forEach(properties::add);
		properties.sort(Comparator.comparing((JsonNode property) -> text(property, "name")));
		assertThat(properties).as("properties in the metadata").isNotEmpty();
		return properties;
	}

	private static JsonNode metadata() {
		try {
			List<URL> candidates = Collections.list(ConfigurationReferenceTests.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json"));
			URL ours = candidates.stream()
				.filter((url) -> url.toString().contains("leader-spring-boot-autoconfigure"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"No configuration metadata of leader-spring-boot-autoconfigure among " + candidates));
			try (InputStream in = ours.openStream()) {
				return JsonMapper.builder().build().readTree(in);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String type(String type) {
		String simple = type.replaceAll("[a-z0-9_.]*\\.([A-Z])", "$1").replace('$', '.');
		try {
			Class<?> enumType = Class.forName(type.split("<")[0], false,
					ConfigurationReferenceTests.class.getClassLoader());
			if (enumType.isEnum()) {
				return Arrays.stream(enumType.getEnumConstants())
					.map((constant) -> "`" + ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-')
							+ "`")
					.collect(Collectors.joining(", "));
			}
		}
		catch (ClassNotFoundException ex) {
			// a generic or unknown type: its simple name says enough
		}
		return simple.replace("<", "&lt;").replace(">", "&gt;");
	}

	private static String defaultValue(JsonNode property) {
		JsonNode value = property.get("defaultValue");
		if (value == null || value.isNull()) {
			return "";
		}
		return "`" + (value.isString() ? value.asString() : value.toString()) + "`";
	}

	private static boolean sameValue(Object value, JsonNode declared) {
		if (value instanceof Duration duration) {
			return declared.isString() && DurationStyle.detectAndParse(declared.asString()).equals(duration);
		}
		if (value instanceof Enum<?> constant) {
			return declared.isString()
					&& declared.asString().equals(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
		}
		if (value instanceof Boolean flag) {
			return declared.isBoolean() && declared.asBoolean() == flag;
		}
		return declared.isString() ? declared.asString().equals(String.valueOf(value))
				: declared.toString().equals(String.valueOf(value));
	}

	private static String beanPath(String name) {
		String[] segments = name.substring("leader.".length()).split("\\.");
		StringBuilder path = new StringBuilder();
		for (String segment : segments) {
			if (!path.isEmpty()) {
				path.append('.');
			}
			String[] words = segment.split("-");
			path.append(words[0]);
			for (int i = 1; i < words.length; i++) {
				path.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
			}
		}
		return path.toString();
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && !value.isNull()) ? value.asString() : "";
	}

}

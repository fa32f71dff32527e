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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java snippet of README.md and docs/ is a copy of lines of a source file that the
 * build compiles (most of them in this module's test sources), so the documentation
 * cannot show code that no longer compiles. A snippet is a {@code ```java} block right
 * after a marker naming its file, relative to the repository root:
 *
 * <pre>
 * &lt;!-- snippet: leader-docs/src/test/java/dev/leader/docs/quickstart/InvoiceJob.java --&gt;
 * ```java
 * ...
 * ```
 * </pre>
 *
 * The block's lines must appear in that file, in order and contiguously; indentation is
 * ignored (the docs indent with spaces, the sources with tabs).
 */
class DocsSnippetsTests {

	private static final Pattern MARKER = Pattern.compile("^<!-- snippet: (\\S+) -->$");

	private static final Pattern MAVEN_VERSION = Pattern
		.compile("<groupId>dev\\.leader</groupId>\\s*<artifactId>[^<]+</artifactId>\\s*<version>([^<]+)</version>");

	private static final Pattern GRADLE_VERSION = Pattern.compile("\"dev\\.leader:[a-z-]+:([^\"]+)\"");

	@Test
	void everyJavaSnippetNamesItsSourceAndMatchesIt() {
		List<String> problems = new ArrayList<>();
		int checked = 0;
		for (Path page : pages()) {
			List<String> lines = read(page);
			for (int i = 0; i < lines.size(); i++) {
				if (!lines.get(i).strip().equals("```java")) {
					continue;
				}
				String where = Docs.root().relativize(page) + ":" + (i + 1);
				int end = i + 1;
				while (end < lines.size() && !lines.get(end).strip().equals("```")) {
					end++;
				}
				List<String> block = lines.subList(i + 1, end);
				Matcher marker = (i > 0) ? MARKER.matcher(lines.get(i - 1).strip()) : null;
				if (marker == null || !marker.matches()) {
					problems.add(where + ": a ```java block without a '<!-- snippet: <file> -->' line right above it;"
							+ " put the code in a compiled source file (e.g. under leader-docs/src/test/java/dev/leader/docs/)"
							+ " and name it in that marker");
					continue;
				}
				Path source = Docs.root().resolve(marker.group(1));
				if (!Files.isRegularFile(source)) {
					problems.add(where + ": the snippet's source " + marker.group(1) + " does not exist");
					continue;
				}
				if (!containsContiguously(stripped(read(source)), stripped(block))) {
					problems.add(where + ": the snippet differs from " + marker.group(1)
							+ "; copy the lines from the source again (indentation does not matter)");
				}
				checked++;
				i = end;
			}
		}
		assertThat(problems).as("Java snippets of the docs").isEmpty();
		assertThat(checked).as("snippets checked").isGreaterThanOrEqualTo(5);
	}

	@Test
	void everyMarkerIsFollowedByAJavaBlock() {
		List<String> problems = new ArrayList<>();
		for (Path page : pages()) {
			List<String> lines = read(page);
			for (int i = 0; i < lines.size(); i++) {
				if (MARKER.matcher(lines.get(i).strip()).matches()
						&& (i + 1 >= lines.size() || !lines.get(i + 1).strip().equals("```java"))) {
					problems.add(Docs.root().relativize(page) + ":" + (i + 1)
							+ ": a snippet marker without a ```java block" + " on the next line");
				}
			}
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void coordinatesInTheDocsNameTheProjectVersion() {
		String version = System.getProperty("leader.docs.version");
		assertThat(version).as("system property leader.docs.version (set by the pom)").isNotBlank();
		List<String> problems = new ArrayList<>();
		int found = 0;
		for (Path page : pages()) {
			String text = String.join("\n", read(page));
			for (Pattern pattern : List.of(MAVEN_VERSION, GRADLE_VERSION)) {
				Matcher matcher = pattern.matcher(text);
				while (matcher.find()) {
					found++;
					if (!matcher.group(1).equals(version) && !matcher.group(1).startsWith("${")) {
						problems.add(Docs.root().relativize(page) + ": " + matcher.group() + " should name version "
								+ version);
					}
				}
			}
		}
		assertThat(problems).isEmpty();
		assertThat(found).as("dev.leader coordinates in the docs").isGreaterThanOrEqualTo(2);
	}

	static List<Path> pages() {
		List<Path> pages = new ArrayList<>();
		pages.add(Docs.root().resolve("README.md"));
		try (Stream<Path> docs = Files.walk(Docs.root().resolve("docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return pages;
	}

	private static boolean containsContiguously(List<String> file, List<String> block) {
		if (block.isEmpty()) {
			return false;
		}
		for (int start = 0; start + block.size() <= file.size(); start++) {
			if (file.subList(start, start + block.size()).equals(block)) {
				return true;
			}
		}
		return false;
	}

	private static List<String> stripped(List<String> lines) {
		return lines.stream().map(String::strip).toList();
	}

	private static List<String> read(Path path) {
		try {
			return Files.readAllLines(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

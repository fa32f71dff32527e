package dev.leader.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java snippet of {@code docs/testing.md} is the tagged region of the test it
 * names, so the documentation shows code that compiles and passes.
 */
class TestingDocSnippetsTests {

	private static final Path DOC = Path.of("..", "docs", "testing.md");

	private static final Pattern SNIPPET = Pattern.compile(
			"From \\[`[^`]+`\\]\\(\\.\\./([^)]+\\.java)\\) \\(tag `([\\w-]+)`\\):\\s*```java\\n(.*?)\\n```",
			Pattern.DOTALL);

	@Test
	void everySnippetIsItsTestsTaggedRegion() throws IOException {
		String doc = Files.readString(DOC);
		List<String> checked = new ArrayList<>();
		Matcher snippets = SNIPPET.matcher(doc);
		while (snippets.find()) {
			Path source = Path.of("..").resolve(snippets.group(1));
			assertThat(snippets.group(3)).as("snippet %s of %s", snippets.group(2), source)
				.isEqualTo(region(Files.readString(source), snippets.group(2)));
			checked.add(snippets.group(2));
		}
		assertThat(checked).containsExactly("leads", "follows", "switch", "runner");
		assertThat(doc.split("```java", -1)).hasSize(checked.size() + 1);
	}

	/**
	 * The lines between {@code // tag::name[]} and {@code // end::name[]}, with tabs as
	 * four spaces and the common indentation removed.
	 */
	private static String region(String source, String tag) {
		Matcher region = Pattern
			.compile("// tag::" + tag + "\\[\\]\\n(.*?)\\n[ \\t]*// end::" + tag + "\\[\\]", Pattern.DOTALL)
			.matcher(source);
		assertThat(region.find()).as("tag %s", tag).isTrue();
		return region.group(1).replace("\t", "    ").stripIndent();
	}

}

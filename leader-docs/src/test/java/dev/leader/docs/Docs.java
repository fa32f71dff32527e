package dev.leader.docs;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the repository's documentation is: the system property {@code leader.docs.root}
 * that the pom sets, or the parent of the working directory.
 */
final class Docs {

	private Docs() {
	}

	static Path root() {
		String root = System.getProperty("leader.docs.root");
		Path path = (root != null && !root.isBlank()) ? Path.of(root) : Path.of("..");
		path = path.toAbsolutePath().normalize();
		if (!Files.isRegularFile(path.resolve("README.md"))) {
			throw new IllegalStateException(
					"No README.md in " + path + "; set -Dleader.docs.root to the repository root");
		}
		return path;
	}

}

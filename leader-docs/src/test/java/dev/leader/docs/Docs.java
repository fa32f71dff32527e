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

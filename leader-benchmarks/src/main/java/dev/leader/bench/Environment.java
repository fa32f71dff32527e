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

package dev.leader.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the doc must say about where and how a run was measured: machine, load, versions.
 *
 * @author leader-spring-boot-starter
 */
final class Environment {

	private Environment() {
	}

	static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	static List<String> describe(String jdbcUrl) {
		List<String> lines = new ArrayList<>();
		lines.add("date: " + Instant.now());
		lines.add("cpu: " + cpu() + ", " + Runtime.getRuntime().availableProcessors() + " processors");
		lines.add("memory: " + memory());
		lines.add("os: " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
		lines.add("java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		lines.add("node jvm options: " + String.join(" ", NodeProcess.JVM_OPTIONS));
		lines.add("postgresql: " + postgresql(jdbcUrl));
		lines.add("git: " + command("git", "rev-parse", "--short", "HEAD") + " "
				+ command("git", "log", "-1", "--format=%s"));
		return lines;
	}

	private static String cpu() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static String memory() {
		try {
			return Files.readAllLines(Path.of("/proc/meminfo"))
				.stream()
				.filter((line) -> line.startsWith("MemTotal"))
				.map((line) -> line.replaceAll("\\s+", " "))
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static String postgresql(String jdbcUrl) {
		try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT version()")) {
			result.next();
			return result.getString(1);
		}
		catch (Exception ex) {
			return "unreachable: " + ex.getMessage();
		}
	}

	private static String command(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			process.waitFor();
			return output;
		}
		catch (IOException ex) {
			return "unknown";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}

}

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

package dev.leader.sample.billing.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the command line of a JVM running one of the sample's main classes: from the
 * executable jar (through its {@code PropertiesLauncher}) or from a class path.
 *
 * @author leader-spring-boot-starter
 */
public final class JavaLauncher {

	/**
	 * Options for small, quickly started JVMs on a machine with few cores.
	 */
	public static final List<String> SMALL_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
			"-XX:CICompilerCount=1", "-Xss512k");

	private final List<String> classSelection;

	private final boolean fromJar;

	private JavaLauncher(List<String> classSelection, boolean fromJar) {
		this.classSelection = classSelection;
		this.fromJar = fromJar;
	}

	/**
	 * Launch main classes from the sample's executable jar.
	 * @param jar the jar built by {@code spring-boot:repackage}
	 * @return the launcher
	 */
	public static JavaLauncher ofJar(Path jar) {
		return new JavaLauncher(List.of("-jar", jar.toAbsolutePath().toString()), true);
	}

	/**
	 * Launch main classes from a class path.
	 * @param classpath the class path
	 * @return the launcher
	 */
	public static JavaLauncher ofClasspath(String classpath) {
		return new JavaLauncher(List.of("-cp", classpath), false);
	}

	/**
	 * The command that runs a main class.
	 * @param mainClass the class
	 * @param jvmOptions options of the JVM
	 * @param args the program's arguments
	 * @return the command line
	 */
	public List<String> command(String mainClass, List<String> jvmOptions, List<String> args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		if (this.fromJar) {
			command.add("-Dloader.main=" + mainClass);
			command.addAll(this.classSelection);
		}
		else {
			command.addAll(this.classSelection);
			command.add(mainClass);
		}
		command.addAll(args);
		return command;
	}

}

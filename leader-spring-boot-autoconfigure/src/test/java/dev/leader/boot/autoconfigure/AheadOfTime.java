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

package dev.leader.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.InputStreamSource;
import org.springframework.javapoet.ClassName;

/**
 * Processes an application context ahead of time as Spring's AOT build step does,
 * compiles the generated code and returns the initializer an AOT-mode application starts
 * from. Generated classes are defined in the class loader and package of the classes they
 * belong to, since they call their package-private members.
 */
final class AheadOfTime {

	private AheadOfTime() {
	}

	static ApplicationContextInitializer<GenericApplicationContext> process(GenericApplicationContext buildTime,
			Class<?> target, Path workDirectory) {
		InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(target)), files);
		ClassName initializer = new ApplicationContextAotGenerator().processAheadOfTime(buildTime, generation);
		generation.writeGeneratedContent();
		try {
			Path sources = Files.createDirectories(workDirectory.resolve("sources"));
			Path classes = Files.createDirectories(workDirectory.resolve("classes"));
			List<String> sourceFiles = new ArrayList<>();
			for (Map.Entry<String, InputStreamSource> source : files.getGeneratedFiles(Kind.SOURCE).entrySet()) {
				Path file = write(sources, source.getKey(), source.getValue());
				sourceFiles.add(file.toString());
			}
			for (Map.Entry<String, InputStreamSource> generated : files.getGeneratedFiles(Kind.CLASS).entrySet()) {
				write(classes, generated.getKey(), generated.getValue());
			}
			compile(sourceFiles, classes);
			defineAll(classes);
			@SuppressWarnings("unchecked")
			ApplicationContextInitializer<GenericApplicationContext> instance = (ApplicationContextInitializer<GenericApplicationContext>) Class
				.forName(initializer.reflectionName(), true, target.getClassLoader())
				.getDeclaredConstructor()
				.newInstance();
			return instance;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Could not start from the generated code", ex);
		}
	}

	/**
	 * The class a generated class was made for: its name up to {@code __} or {@code $$},
	 * or, for a nested class ({@code Outer_Inner__...}), the outer class.
	 */
	private static Class<?> host(String packagePrefix, String simpleName) throws ClassNotFoundException {
		String target = simpleName.split("__|\\$\\$|\\$")[0];
		try {
			return Class.forName(packagePrefix + target);
		}
		catch (ClassNotFoundException ex) {
			return Class.forName(packagePrefix + target.split("_")[0]);
		}
	}

	private static boolean isLoaded(String name, ClassLoader loader) {
		try {
			Class.forName(name, false, loader);
			return true;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

	private static Path write(Path directory, String name, InputStreamSource content) throws IOException {
		Path file = directory.resolve(name);
		Files.createDirectories(file.getParent());
		try (InputStream in = content.getInputStream()) {
			Files.write(file, in.readAllBytes());
		}
		return file;
	}

	private static void compile(List<String> sourceFiles, Path classes) {
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
				System.getProperty("java.class.path"), "-proc:none", "-nowarn"));
		arguments.addAll(sourceFiles);
		int status = compiler.run(null, null, null, arguments.toArray(String[]::new));
		if (status != 0) {
			throw new IllegalStateException("The generated code did not compile (status " + status + ")");
		}
	}

	/**
	 * Define every compiled class next to an existing class of its package (the one it
	 * was generated for), outer classes first.
	 */
	private static void defineAll(Path classes) throws IOException, ReflectiveOperationException {
		List<Path> files;
		try (Stream<Path> walk = Files.walk(classes)) {
			files = walk.filter((file) -> file.toString().endsWith(".class"))
				.sorted((a, b) -> Integer.compare(a.toString().length(), b.toString().length()))
				.toList();
		}
		for (Path file : files) {
			String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
			int dot = name.lastIndexOf('.');
			Class<?> host = host(name.substring(0, dot + 1), name.substring(dot + 1));
			if (host.getName().equals(name) || isLoaded(name, host.getClassLoader())) {
				// Proxy classes generated at build time were defined then, in this JVM.
				continue;
			}
			MethodHandles.privateLookupIn(host, MethodHandles.lookup()).defineClass(Files.readAllBytes(file));
		}
	}

}

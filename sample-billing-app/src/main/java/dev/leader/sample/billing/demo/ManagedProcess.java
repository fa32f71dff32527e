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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM with its output in a log file, and the faults a demo or test inflicts on
 * it: SIGKILL (a crash), SIGSTOP and SIGCONT (a pause longer than any lease, as a long GC
 * pause would be), SIGTERM (a graceful stop).
 *
 * @author leader-spring-boot-starter
 */
public final class ManagedProcess implements AutoCloseable {

	private final String name;

	private final Process process;

	private final Path log;

	private volatile boolean paused;

	private ManagedProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	/**
	 * Start a process.
	 * @param name a name for messages
	 * @param command the command line
	 * @param log the file that receives its standard output and error
	 * @return the running process
	 */
	public static ManagedProcess start(String name, List<String> command, Path log) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		try {
			return new ManagedProcess(name, builder.start(), log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + name + ": " + command, ex);
		}
	}

	public String name() {
		return this.name;
	}

	public long pid() {
		return this.process.pid();
	}

	public Path log() {
		return this.log;
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Whether the process was stopped with {@link #pause()} and not resumed.
	 * @return {@code true} while paused
	 */
	public boolean isPaused() {
		return this.paused;
	}

	/**
	 * SIGKILL, and wait until the process is gone.
	 */
	public void kill() {
		this.process.destroyForcibly();
		awaitExit(Duration.ofSeconds(30));
		this.paused = false;
	}

	/**
	 * SIGSTOP: the process stops dead, sockets open, until {@link #resume()}.
	 */
	public void pause() {
		signal("STOP");
		this.paused = true;
	}

	/**
	 * SIGCONT: the process carries on where it stopped.
	 */
	public void resume() {
		signal("CONT");
		this.paused = false;
	}

	/**
	 * SIGTERM (after SIGCONT when paused), so that the process starts shutting down
	 * gracefully; does not wait.
	 */
	public void terminate() {
		if (!this.process.isAlive()) {
			return;
		}
		if (this.paused) {
			resume();
		}
		this.process.destroy();
	}

	/**
	 * SIGTERM, so that the process shuts down gracefully; SIGKILL after the grace period.
	 * @param grace how long to wait for a graceful exit
	 * @return {@code true} when it exited gracefully in time
	 */
	public boolean stop(Duration grace) {
		terminate();
		if (awaitExit(grace)) {
			return true;
		}
		kill();
		return false;
	}

	/**
	 * Wait for the process to exit.
	 * @param timeout the longest to wait
	 * @return {@code true} when it has exited
	 */
	public boolean awaitExit(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return !this.process.isAlive();
		}
	}

	/**
	 * Make sure the process is gone: SIGKILL works on stopped processes too.
	 */
	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}

	private void signal(String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + pid() + " (" + this.name + ") failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not send SIG" + signal + " to " + this.name, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while signalling " + this.name, ex);
		}
	}

	@Override
	public String toString() {
		return this.name + " (pid " + pid() + ")";
	}

}

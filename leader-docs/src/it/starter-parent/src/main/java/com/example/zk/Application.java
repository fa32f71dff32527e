package com.example.zk;

import java.util.concurrent.atomic.AtomicInteger;

import dev.leader.LeaderContext;
import dev.leader.LeaderOnly;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

@SpringBootApplication
@EnableScheduling
public class Application {

	public static void main(String[] args) {
		SpringApplication.run(Application.class, args);
	}

	@Component
	public static class Job {

		private final AtomicInteger runs = new AtomicInteger();

		@LeaderOnly("outside")
		@Scheduled(fixedDelay = 100)
		public void run() {
			LeaderContext.require();
			this.runs.incrementAndGet();
		}

		public int runs() {
			return this.runs.get();
		}

	}

}

package dev.leader.docs.quickstart;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling // @Scheduled methods run only with it
public class Application {

	public static void main(String[] args) {
		SpringApplication.run(Application.class, args);
	}

}

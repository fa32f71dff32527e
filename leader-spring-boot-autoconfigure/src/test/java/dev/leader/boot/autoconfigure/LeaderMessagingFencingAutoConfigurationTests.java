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

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.Message;

import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.amqp.FencedMessageListenerAdvice;
import dev.leader.amqp.FencingTokenMessagePostProcessor;
import dev.leader.boot.actuate.FencedMessageMetrics;
import dev.leader.fencing.FencingTokenRegistry;
import dev.leader.fencing.InMemoryFencingTokenRegistry;
import dev.leader.messaging.FencedMessageCheck;
import dev.leader.messaging.FencedMessageSelector;
import dev.leader.messaging.FencingTokenChannelInterceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Which message-fencing beans the starter defines, and how it applies them to the
 * application's RabbitMQ template and listener container factories (no broker needed).
 */
class LeaderMessagingFencingAutoConfigurationTests {

	private static final FencingToken TOKEN = new FencingToken("ledger", 3, "node-a#00000001");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LeaderMessagingFencingAutoConfiguration.class));

	@Test
	void definesTheSenderAndConsumerPartsWithAnInMemoryRegistry() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(FencingTokenRegistry.class)
				.hasSingleBean(FencedMessageCheck.class)
				.hasSingleBean(FencingTokenChannelInterceptor.class)
				.hasSingleBean(FencedMessageSelector.class)
				.hasSingleBean(FencingTokenMessagePostProcessor.class)
				.hasSingleBean(FencedMessageListenerAdvice.class)
				.doesNotHaveBean(FencedMessageMetrics.class);
			assertThat(context.getBean(FencingTokenRegistry.class)).isInstanceOf(InMemoryFencingTokenRegistry.class);
		});
	}

	@Test
	void usesTheApplicationsRegistry() {
		InMemoryFencingTokenRegistry shared = new InMemoryFencingTokenRegistry();
		this.runner.withBean(FencingTokenRegistry.class, () -> shared).run((context) -> {
			context.getBean(FencedMessageCheck.class).check("ledger:5");
			assertThat(shared.highest("ledger")).hasValue(5);
		});
	}

	@Test
	void countsVerdictsWhenTheApplicationHasAMeterRegistry() {
		this.runner.withBean(SimpleMeterRegistry.class).run((context) -> {
			FencedMessageCheck check = context.getBean(FencedMessageCheck.class);
			check.check("ledger:5");
			check.check("ledger:4");
			check.check(null);
			SimpleMeterRegistry meters = context.getBean(SimpleMeterRegistry.class);
			assertThat(meters.get("leader.fencing.messages")
				.tag("group", "ledger")
				.tag("outcome", "stale")
				.counter()
				.count()).isEqualTo(1.0);
			assertThat(meters.get("leader.fencing.messages")
				.tag("group", "none")
				.tag("outcome", "missing")
				.counter()
				.count()).isEqualTo(1.0);
		});
	}

	@Test
	void missingTokensCanBeDropped() {
		this.runner.withPropertyValues("leader.fencing.messages.receive.missing-token=drop")
			.run((context) -> assertThat(context.getBean(FencedMessageCheck.class).check(null).delivered()).isFalse());
	}

	@Test
	void theAutoConfiguredRabbitTemplateStampsTheToken() {
		this.runner.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class)).run((context) -> {
			RabbitTemplate template = context.getBean(RabbitTemplate.class);
			assertThat(template.getBeforePublishPostProcessors())
				.containsExactly(context.getBean(FencingTokenMessagePostProcessor.class));
		});
	}

	@Test
	void theRabbitTemplateCanBeLeftAlone() {
		this.runner.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class))
			.withPropertyValues("leader.fencing.messages.send.rabbit-template=false")
			.run((context) -> assertThat(context.getBean(RabbitTemplate.class).getBeforePublishPostProcessors())
				.isNullOrEmpty());
	}

	@Test
	@SuppressWarnings("try") // the scope is only closed, never named in the body
	void sendingOutsideALeaderOnlyCallCanBeRefused() {
		this.runner.withPropertyValues("leader.fencing.messages.send.outside-leader-call=refuse").run((context) -> {
			FencingTokenMessagePostProcessor postProcessor = context.getBean(FencingTokenMessagePostProcessor.class);
			org.springframework.amqp.core.Message message = new org.springframework.amqp.core.Message(new byte[0]);
			assertThatIllegalStateException().isThrownBy(() -> postProcessor.postProcessMessage(message));
			try (LeaderContext.Scope scope = LeaderContext.bind(TOKEN)) {
				assertThat((String) postProcessor.postProcessMessage(message)
					.getMessageProperties()
					.getHeader("Fencing-Token")).isEqualTo("ledger:3");
			}
		});
	}

	@Test
	void listenerContainerFactoriesAreLeftAloneByDefault() {
		this.runner.withBean(SimpleRabbitListenerContainerFactory.class)
			.run((context) -> assertThat(context.getBean(SimpleRabbitListenerContainerFactory.class).getAdviceChain())
				.isNullOrEmpty());
	}

	@Test
	void listenerContainerFactoriesCheckFirstWhenEnabled() {
		MethodInterceptor retry = (invocation) -> invocation.proceed();
		this.runner.withPropertyValues("leader.fencing.messages.receive.rabbit-listeners=true")
			.withBean(SimpleRabbitListenerContainerFactory.class, () -> {
				SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
				factory.setAdviceChain(retry);
				return factory;
			})
			.run((context) -> assertThat(context.getBean(SimpleRabbitListenerContainerFactory.class).getAdviceChain())
				.containsExactly(context.getBean(FencedMessageListenerAdvice.class), retry));
	}

	@Test
	void backsOffWithoutSpringMessaging() {
		this.runner.withClassLoader(new FilteredClassLoader(Message.class))
			.run((context) -> assertThat(context).doesNotHaveBean(FencedMessageCheck.class)
				.doesNotHaveBean(FencingTokenRegistry.class));
	}

}

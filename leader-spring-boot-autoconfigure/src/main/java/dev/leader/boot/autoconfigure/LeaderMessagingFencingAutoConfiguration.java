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

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.aopalliance.aop.Advice;

import org.springframework.amqp.rabbit.config.BaseRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.amqp.autoconfigure.RabbitTemplateCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.core.MessageSelector;
import org.springframework.messaging.Message;
import org.springframework.util.function.SingletonSupplier;

import dev.leader.amqp.FencedMessageListenerAdvice;
import dev.leader.amqp.FencingTokenMessagePostProcessor;
import dev.leader.boot.actuate.FencedMessageMetrics;
import dev.leader.boot.autoconfigure.fencing.LeaderFencingAutoConfiguration;
import dev.leader.fencing.FencingTokenRegistry;
import dev.leader.fencing.InMemoryFencingTokenRegistry;
import dev.leader.messaging.FencedMessageCheck;
import dev.leader.messaging.FencedMessageListener;
import dev.leader.messaging.FencedMessageSelector;
import dev.leader.messaging.FencingTokenChannelInterceptor;

/**
 * Fencing tokens on messages, when Spring Messaging is present: the sending side (a
 * channel interceptor and, with Spring AMQP, the auto-configured {@code RabbitTemplate}
 * stamp the token of the current leader-only call) and the receiving side (the
 * idempotent-consumer check against a {@link FencingTokenRegistry}, as a Spring
 * Integration selector and as advice that every RabbitMQ listener container factory
 * applies when {@code leader.fencing.messages.receive.rabbit-listeners=true}). It needs
 * no coordinator: a consumer that only receives tokens works alike.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
// After the HTTP fencing configuration, whose registry (leader.fencing.server.registry:
// in-memory, jdbc or lease) the message consumers then share.
@AutoConfiguration(after = { LeaderAutoConfiguration.class, LeaderFencingAutoConfiguration.class }, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(Message.class)
@EnableConfigurationProperties(LeaderMessagingFencingProperties.class)
public final class LeaderMessagingFencingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	FencingTokenRegistry fencingTokenRegistry() {
		return new InMemoryFencingTokenRegistry();
	}

	@Bean
	@ConditionalOnMissingBean
	FencedMessageCheck fencedMessageCheck(FencingTokenRegistry registry, LeaderMessagingFencingProperties properties,
			ObjectProvider<FencedMessageListener> listeners) {
		Supplier<List<FencedMessageListener>> all = SingletonSupplier.of(() -> listeners.orderedStream().toList());
		return new FencedMessageCheck(registry, properties.getReceive().getMissingToken(),
				(verdict) -> all.get().forEach((listener) -> listener.onVerdict(verdict)));
	}

	@Bean
	@ConditionalOnMissingBean
	FencingTokenChannelInterceptor fencingTokenChannelInterceptor(LeaderMessagingFencingProperties properties) {
		return new FencingTokenChannelInterceptor(properties.getSend().getOutsideLeaderCall());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MessageSelector.class)
	static class IntegrationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FencedMessageSelector fencedMessageSelector(FencedMessageCheck check) {
			return new FencedMessageSelector(check);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FencedMessageMetrics fencedMessageMetrics(MeterRegistry registry) {
			return new FencedMessageMetrics(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RabbitTemplate.class)
	static class RabbitConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FencingTokenMessagePostProcessor fencingTokenMessagePostProcessor(LeaderMessagingFencingProperties properties) {
			return new FencingTokenMessagePostProcessor(properties.getSend().getOutsideLeaderCall());
		}

		@Bean
		@ConditionalOnMissingBean
		FencedMessageListenerAdvice fencedMessageListenerAdvice(FencedMessageCheck check,
				LeaderMessagingFencingProperties properties) {
			return new FencedMessageListenerAdvice(check, properties.getReceive().getRefusedAction());
		}

		@Bean
		@ConditionalOnMissingBean(name = "leaderFencingListenerContainerFactories")
		@ConditionalOnBooleanProperty("leader.fencing.messages.receive.rabbit-listeners")
		static BeanPostProcessor leaderFencingListenerContainerFactories(
				ObjectProvider<FencedMessageListenerAdvice> advice) {
			return new FencedListenerContainerFactories(advice);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RabbitTemplate.class, RabbitTemplateCustomizer.class })
	@ConditionalOnBooleanProperty(name = "leader.fencing.messages.send.rabbit-template", matchIfMissing = true)
	static class RabbitTemplateConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "leaderFencingRabbitTemplateCustomizer")
		RabbitTemplateCustomizer leaderFencingRabbitTemplateCustomizer(FencingTokenMessagePostProcessor postProcessor) {
			return (template) -> template.addBeforePublishPostProcessors(postProcessor);
		}

	}

	/**
	 * Puts the fencing advice first in every listener container factory's advice chain,
	 * ahead of retry advice, so a refused message is neither delivered nor retried.
	 */
	static final class FencedListenerContainerFactories implements BeanPostProcessor {

		private final ObjectProvider<FencedMessageListenerAdvice> advice;

		FencedListenerContainerFactories(ObjectProvider<FencedMessageListenerAdvice> advice) {
			this.advice = advice;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof BaseRabbitListenerContainerFactory<?> factory) {
				Advice[] chain = factory.getAdviceChain();
				Advice[] existing = (chain != null) ? chain : new Advice[0];
				if (Arrays.stream(existing).noneMatch(FencedMessageListenerAdvice.class::isInstance)) {
					Advice[] fenced = new Advice[existing.length + 1];
					fenced[0] = this.advice.getObject();
					System.arraycopy(existing, 0, fenced, 1, existing.length);
					factory.setAdviceChain(fenced);
				}
			}
			return bean;
		}

	}

}

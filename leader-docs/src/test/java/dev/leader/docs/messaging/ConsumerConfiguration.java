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

package dev.leader.docs.messaging;

import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.leader.amqp.FencedMessageListenerAdvice;

@Configuration(proxyBeanMethods = false)
public class ConsumerConfiguration {

	@Bean
	SimpleRabbitListenerContainerFactory fencedListenerFactory(ConnectionFactory connectionFactory,
			FencedMessageListenerAdvice fencedMessageListenerAdvice) {
		SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
		factory.setConnectionFactory(connectionFactory);
		// First in the chain: a refused message is neither delivered nor retried.
		factory.setAdviceChain(fencedMessageListenerAdvice);
		return factory;
	}

}

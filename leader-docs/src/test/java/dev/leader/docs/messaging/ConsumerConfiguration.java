package dev.leader.docs.messaging;

import dev.leader.amqp.FencedMessageListenerAdvice;

import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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

package dev.slipway.gateway.messaging;

import java.time.Clock;
import java.util.Properties;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.slipway.gateway.dlq.DeadLetterService;
import dev.slipway.gateway.dlq.DeadLetters;
import dev.slipway.gateway.support.Database;

/** The Kafka clients that read dead-letter topics and put records back, on the gateway's broker. */
@ApplicationScoped
public class DeadLetterClients {

    private DeadLetters deadLetters;

    @Produces
    @Singleton
    DeadLetterService deadLetterService(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            Database database, Clock clock) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers);
        deadLetters = new DeadLetters(properties);
        return new DeadLetterService(deadLetters, database, clock);
    }

    @PreDestroy
    void close() {
        if (deadLetters != null) {
            deadLetters.close();
        }
    }
}

package dev.slipway.gateway.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Sends the gateway's outbox channel to the {@link OutboxBroker}, which a test can stop and start, while everything
 * else uses the shared broker.
 */
public class OutboxBrokerTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("mp.messaging.outgoing.outbox.bootstrap.servers", OutboxBroker.bootstrapServers());
    }

    @Override
    public void stop() {
    }
}

package dev.slipway.gateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of gateway-service; each can be set with an environment variable ({@code SLIPWAY_GATEWAY_...}). */
@ConfigMapping(prefix = "slipway.gateway")
public interface GatewayConfig {

    /**
     * The AES-256 key (base64 of 32 bytes) that seals webhook and subscription secrets at rest. No default: a gateway
     * without a key does not start. Env {@code SLIPWAY_GATEWAY_SECRET_KEY}.
     */
    String secretKey();

    Webhooks webhooks();

    Outbox outbox();

    Subscriptions subscriptions();

    interface Webhooks {
        /** The largest webhook body accepted; a larger one is answered 413 without being read. */
        @WithDefault("1048576")
        int maxBodyBytes();
    }

    interface Outbox {
        /** How often the relay looks for unpublished events (it also runs at once after each accepted push). */
        @WithDefault("1s")
        Duration interval();

        /** Events read per round. */
        @WithDefault("100")
        int batchSize();

        /** How long the relay waits for the broker to acknowledge one wave of events before it retries later. */
        @WithDefault("60s")
        Duration publishTimeout();
    }

    interface Subscriptions {
        /** Delivery attempts per event before it is given up (logged as failed). */
        @WithDefault("6")
        int maxAttempts();

        /** The first retry's delay; each later one doubles, up to {@link #maxBackoff()}. */
        @WithDefault("1s")
        Duration initialBackoff();

        @WithDefault("60s")
        Duration maxBackoff();

        /** How long one HTTP delivery may take. */
        @WithDefault("10s")
        Duration requestTimeout();

        /** How often the dispatcher looks for due deliveries. */
        @WithDefault("1s")
        Duration interval();
    }
}

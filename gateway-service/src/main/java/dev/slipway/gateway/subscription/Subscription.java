package dev.slipway.gateway.subscription;

import java.net.URI;
import java.time.Instant;

import dev.slipway.contracts.SecretValue;

/**
 * A team's subscription.
 *
 * @param secret the HMAC key; prints as {@value SecretValue#REDACTED}
 */
public record Subscription(String id, String name, URI url, SecretValue secret, SubscriptionFilter filter,
        String createdBy, Instant createdAt) {
}

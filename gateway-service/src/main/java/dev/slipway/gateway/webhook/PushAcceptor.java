package dev.slipway.gateway.webhook;

import dev.slipway.gateway.repository.RegisteredRepository;

/** Records an accepted push once: the delivery, the run and the {@code commit-pushed} to publish, together. */
public interface PushAcceptor {

    /**
     * @param delivery the provider, delivery id and body hash that identify the delivery
     * @return the run it started, or the run its first delivery started
     */
    Acceptance accept(DeliveryKey delivery, RegisteredRepository repository, ParsedDelivery.Push push);

    /**
     * @param provider the provider
     * @param deliveryId the provider's delivery id, or empty when it sent none
     * @param bodySha256 the hex SHA-256 of the raw body
     */
    record DeliveryKey(Provider provider, String deliveryId, String bodySha256) {
    }

    /**
     * @param runId the run
     * @param duplicate true when the delivery had been accepted before
     */
    record Acceptance(String runId, boolean duplicate) {
    }
}

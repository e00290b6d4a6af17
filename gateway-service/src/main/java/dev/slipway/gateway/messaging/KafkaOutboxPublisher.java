package dev.slipway.gateway.messaging;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import dev.slipway.contracts.Json;
import dev.slipway.contracts.events.Event;
import dev.slipway.gateway.config.Beans;
import dev.slipway.gateway.outbox.OutboxRelay;
import dev.slipway.gateway.timeline.StoredEvent;
import dev.slipway.runtime.Events;

/**
 * Publishes outbox rows through one outgoing channel, each to its own topic, and waits for the broker's
 * acknowledgement without waiting for it. The stored JSON is sent as it is, with the stored id and time, so a replay repeats its input byte
 * for byte.
 */
@ApplicationScoped
public class KafkaOutboxPublisher implements OutboxRelay.Publisher {

    /** The outgoing channel; its default topic is {@code commit-pushed}, others are set per record. */
    public static final String CHANNEL = "outbox";

    /** Unbounded: the relay never has more than one batch of events in flight. */
    @Inject
    @Channel(CHANNEL)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    Emitter<String> emitter;

    @Override
    public CompletionStage<Void> publish(StoredEvent event) {
        Event payload;
        try {
            payload = Json.MAPPER.readValue(event.payload(), event.kind().payload());
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        Metadata metadata = Events.metadata(payload, Beans.SERVICE, event.context(), event.eventId(), event.time())
                .with(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.app()).withTopic(event.topic())
                        .build());
        return Events.send(emitter, Message.of(event.payload(), metadata));
    }
}

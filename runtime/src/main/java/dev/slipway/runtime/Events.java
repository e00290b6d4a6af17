package dev.slipway.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import dev.slipway.contracts.EventKind;
import dev.slipway.contracts.Json;
import dev.slipway.contracts.cloudevents.CloudEvents;
import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.contracts.events.Event;

/** Turns event records into Kafka messages and back, the same way in every service. */
public final class Events {

    /**
     * A message carrying {@code payload} as JSON, keyed by its application, with CloudEvents metadata for the run
     * {@code context}.
     */
    public static Message<String> message(Event payload, String service, RunContext context) {
        return message(payload, service, context, UUID.randomUUID().toString(), Instant.now());
    }

    /**
     * A message carrying {@code payload} as the answer to the event that caused it ({@code context}'s causation id):
     * as {@link #message(Event, String, RunContext)}, with the id {@link #answerId} gives, so that the same answer
     * sent again — by an instance that died before its input was committed, for a redelivered input — is the same
     * event to its readers, which keep an event id once.
     *
     * @param parts what tells apart several answers of one type to one input (an environment, a revision)
     */
    public static Message<String> answer(Event payload, String service, RunContext context, String... parts) {
        return message(payload, service, context, answerId(payload, context, parts), Instant.now());
    }

    /**
     * The id of the answer of {@code payload}'s type to the event that caused it: a name-based UUID of the causation
     * id, the type and {@code parts}; a random one when the context names no cause.
     */
    public static String answerId(Event payload, RunContext context, String... parts) {
        if (context.causationId() == null) {
            return UUID.randomUUID().toString();
        }
        StringBuilder name = new StringBuilder(EventKind.of(payload.getClass()).type()).append(' ')
                .append(context.causationId());
        for (String part : parts) {
            name.append(' ').append(part);
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * Sends {@code message} through {@code emitter}, keeping the broker's answer.
     *
     * @return completes once the broker acknowledged the record, exceptionally when it refused it
     */
    public static CompletionStage<Void> send(Emitter<String> emitter, Message<String> message) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        emitter.send(message.withAck(() -> {
            acknowledged.complete(null);
            return CompletableFuture.completedFuture(null);
        }).withNack(failure -> {
            acknowledged.completeExceptionally(failure);
            return CompletableFuture.completedFuture(null);
        }));
        return acknowledged;
    }

    /** As {@link #message(Event, String, RunContext)} with a given event id and time (outbox relays, replays). */
    public static Message<String> message(Event payload, String service, RunContext context, String id,
            Instant time) {
        return Message.of(json(payload), metadata(payload, service, context, id, time));
    }

    /** The metadata {@link #message} attaches, for callers that build their own message (custom ack). */
    public static Metadata metadata(Event payload, String service, RunContext context, String id, Instant time) {
        EventKind kind = EventKind.of(payload.getClass());
        return Metadata.of(CloudEvents.outgoing(kind, service, payload.app(), context, id, time),
                OutgoingKafkaRecordMetadata.<String>builder().withKey(payload.app()).build());
    }

    /** The JSON form of an event. */
    public static String json(Event payload) {
        try {
            return Json.MAPPER.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + payload.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads an incoming message as an event of {@code type}.
     *
     * @throws PoisonRecordException when it is not a CloudEvent of that type with a run id and a readable payload
     */
    public static <T extends Event> Received<T> read(Message<?> message, Class<T> type) {
        @SuppressWarnings("unchecked")
        Optional<IncomingCloudEventMetadata<Object>> found = message.getMetadata(IncomingCloudEventMetadata.class)
                .map(m -> (IncomingCloudEventMetadata<Object>) m);
        IncomingCloudEventMetadata<Object> metadata = found
                .orElseThrow(() -> new PoisonRecordException("not a CloudEvent: no ce_* headers"));
        String expected = EventKind.of(type).type();
        if (!expected.equals(metadata.getType())) {
            throw new PoisonRecordException("expected a " + expected + " event, got " + metadata.getType());
        }
        RunContext context = CloudEvents.context(metadata)
                .orElseThrow(() -> new PoisonRecordException("event " + metadata.getId() + " has no ce_runid"));
        T payload = parse(message.getPayload(), type, metadata.getId());
        if (payload.app() == null || payload.app().isBlank()) {
            throw new PoisonRecordException("event " + metadata.getId() + " names no application");
        }
        return new Received<>(payload, metadata.getId(), metadata.getType(), context,
                metadata.getTimeStamp().map(ZonedDateTime::toInstant).orElse(null));
    }

    private static <T> T parse(Object raw, Class<T> type, String id) {
        if (type.isInstance(raw)) {
            return type.cast(raw);
        }
        String json;
        if (raw instanceof String s) {
            json = s;
        } else if (raw instanceof byte[] bytes) {
            json = new String(bytes, StandardCharsets.UTF_8);
        } else {
            throw new PoisonRecordException("event " + id + " has an unreadable payload of "
                    + (raw == null ? "nothing" : raw.getClass().getSimpleName()));
        }
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new PoisonRecordException("event " + id + " is not a valid " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private Events() {
    }
}

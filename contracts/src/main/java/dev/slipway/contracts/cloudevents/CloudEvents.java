package dev.slipway.contracts.cloudevents;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import io.smallrye.reactive.messaging.ce.CloudEventMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadataBuilder;

import dev.slipway.contracts.EventKind;

/**
 * Writes and reads the CloudEvents metadata of Slipway events with SmallRye Reactive Messaging, which the Kafka
 * connector turns into binary-mode headers ({@code ce_id}, {@code ce_type}, ..., {@code ce_runid},
 * {@code ce_causationid}, {@code ce_replayof}).
 *
 * <p>
 * Needs {@code smallrye-reactive-messaging-api} on the classpath, which every service has through its Kafka
 * connector; the rest of this module does not.
 */
public final class CloudEvents {

    /** The {@code source} of events emitted by a service: {@code /slipway/<service>}. */
    public static URI source(String service) {
        return URI.create("/slipway/" + service);
    }

    /**
     * Metadata for an event of {@code kind} about application {@code app} (the subject), in the run {@code context}.
     */
    public static OutgoingCloudEventMetadata<Object> outgoing(EventKind kind, String service, String app,
            RunContext context) {
        return outgoing(kind, service, app, context, UUID.randomUUID().toString(), Instant.now());
    }

    /** As {@link #outgoing(EventKind, String, String, RunContext)}, with a given id and time (relays, replays). */
    public static OutgoingCloudEventMetadata<Object> outgoing(EventKind kind, String service, String app,
            RunContext context, String id, Instant time) {
        OutgoingCloudEventMetadataBuilder<Object> builder = OutgoingCloudEventMetadata.builder()
                .withId(id)
                .withSource(source(service))
                .withType(kind.type())
                .withSubject(app)
                .withDataContentType("application/json")
                .withTimestamp(time.atZone(ZoneOffset.UTC))
                .withExtension(CeHeaders.Extensions.RUN_ID, context.runId());
        if (context.causationId() != null) {
            builder.withExtension(CeHeaders.Extensions.CAUSATION_ID, context.causationId());
        }
        if (context.replayOf() != null) {
            builder.withExtension(CeHeaders.Extensions.REPLAY_OF, context.replayOf());
        }
        return builder.build();
    }

    /** The run context of an incoming event; empty when it carries no run id. */
    public static Optional<RunContext> context(CloudEventMetadata<?> incoming) {
        return extension(incoming, CeHeaders.Extensions.RUN_ID).map(runId -> new RunContext(runId,
                extension(incoming, CeHeaders.Extensions.CAUSATION_ID).orElse(null),
                extension(incoming, CeHeaders.Extensions.REPLAY_OF).orElse(null)));
    }

    /** The context for the event that answers {@code incoming}: same run, caused by it. */
    public static Optional<RunContext> answering(CloudEventMetadata<?> incoming) {
        return context(incoming).map(c -> c.answering(incoming.getId()));
    }

    private static Optional<String> extension(CloudEventMetadata<?> metadata, String name) {
        Optional<Object> value = metadata.getExtension(name);
        return value.map(Object::toString).filter(s -> !s.isBlank());
    }

    private CloudEvents() {
    }
}

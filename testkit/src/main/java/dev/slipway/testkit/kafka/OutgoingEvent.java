package dev.slipway.testkit.kafka;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvent to send in Kafka binary mode: the attributes become {@code ce_*} headers, {@link #subject()} (the
 * application name) is both {@code ce_subject} and the record key, and {@link #data()} is the JSON record value.
 *
 * @param data a payload record serialised with {@code Json.MAPPER}, a {@code String} of JSON, or raw {@code byte[]}
 */
public record OutgoingEvent(String id, String source, String type, String subject, OffsetDateTime time,
        String runId, String causationId, String replayOf, Object data) {

    /** The {@code ce_source} of events that tests send. */
    public static final String TEST_SOURCE = "/slipway/testkit";

    public OutgoingEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
    }

    /** An event with a random id, {@link #TEST_SOURCE} as source and the current time. */
    public static OutgoingEvent of(String type, String application, Object data) {
        return new OutgoingEvent(UUID.randomUUID().toString(), TEST_SOURCE, type, application,
                OffsetDateTime.now(ZoneOffset.UTC), null, null, null, data);
    }

    public OutgoingEvent withId(String id) {
        return new OutgoingEvent(id, source, type, subject, time, runId, causationId, replayOf, data);
    }

    public OutgoingEvent withSource(String source) {
        return new OutgoingEvent(id, source, type, subject, time, runId, causationId, replayOf, data);
    }

    public OutgoingEvent withTime(OffsetDateTime time) {
        return new OutgoingEvent(id, source, type, subject, time, runId, causationId, replayOf, data);
    }

    /** Sets {@code ce_runid}, the pipeline run. */
    public OutgoingEvent withRunId(String runId) {
        return new OutgoingEvent(id, source, type, subject, time, runId, causationId, replayOf, data);
    }

    /** Sets {@code ce_causationid}, the {@code ce_id} of the event this one answers. */
    public OutgoingEvent withCausationId(String causationId) {
        return new OutgoingEvent(id, source, type, subject, time, runId, causationId, replayOf, data);
    }

    /** Sets {@code ce_replayof}, the {@code ce_id} this event repeats. */
    public OutgoingEvent withReplayOf(String replayOf) {
        return new OutgoingEvent(id, source, type, subject, time, runId, causationId, replayOf, data);
    }
}

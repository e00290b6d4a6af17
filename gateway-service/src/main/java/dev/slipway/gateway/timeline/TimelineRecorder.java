package dev.slipway.gateway.timeline;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.contracts.EventKind;
import dev.slipway.contracts.Json;
import dev.slipway.gateway.support.Database;
import dev.slipway.runtime.PoisonRecordException;

/** Keeps every event of every run, once per {@code ce_id}, whatever order and however often it arrives. */
public final class TimelineRecorder {

    /**
     * An event as read from a topic, before it is checked.
     *
     * @param time {@code ce_time}, or null when the record has none
     * @param payload the record value
     */
    public record Incoming(String topic, String id, String type, String source, String subject, Instant time,
            String runId, String causationId, String replayOf, String payload) {
    }

    private final Database database;
    private final EventStore events;

    public TimelineRecorder(Database database, EventStore events) {
        this.database = database;
        this.events = events;
    }

    /**
     * Stores the event unless it is there already (the gateway stores what it emits before publishing it).
     *
     * @return the event the first time it is read from Kafka, empty for a repeat
     * @throws PoisonRecordException when the record is not a Slipway event of its topic with a run id and a JSON
     *         object payload
     */
    public Optional<StoredEvent> record(Incoming incoming, Instant receivedAt) {
        StoredEvent event = check(incoming, receivedAt);
        boolean fresh = database.inTransaction(connection -> {
            events.insert(connection, event);
            return events.markStreamed(connection, event.eventId());
        });
        return fresh ? Optional.of(event) : Optional.empty();
    }

    /** The event to store, or why the record cannot be one. */
    public static StoredEvent check(Incoming incoming, Instant receivedAt) {
        if (blank(incoming.id())) {
            throw new PoisonRecordException("not a CloudEvent: no ce_id");
        }
        EventKind kind = EventKind.byType(incoming.type()).orElseThrow(
                () -> new PoisonRecordException("event " + incoming.id() + " has unknown type " + incoming.type()));
        if (!kind.topic().equals(incoming.topic())) {
            throw new PoisonRecordException(
                    "event " + incoming.id() + " of type " + incoming.type() + " does not belong on "
                            + incoming.topic());
        }
        if (blank(incoming.runId())) {
            throw new PoisonRecordException("event " + incoming.id() + " has no ce_runid");
        }
        JsonNode data;
        try {
            data = incoming.payload() == null ? null : Json.MAPPER.readTree(incoming.payload());
        } catch (IOException e) {
            throw new PoisonRecordException("event " + incoming.id() + " has a payload that is not JSON", e);
        }
        if (data == null || !data.isObject()) {
            throw new PoisonRecordException("event " + incoming.id() + " has no JSON object payload");
        }
        String app = !blank(incoming.subject()) ? incoming.subject() : RunTimeline.text(data, "app");
        if (blank(app)) {
            throw new PoisonRecordException("event " + incoming.id() + " names no application");
        }
        return new StoredEvent(incoming.id(), incoming.topic(), incoming.type(), incoming.source(), app,
                incoming.runId(), emptyToNull(incoming.causationId()), emptyToNull(incoming.replayOf()),
                incoming.time() == null ? receivedAt : incoming.time(), incoming.payload());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String emptyToNull(String value) {
        return blank(value) ? null : value;
    }
}

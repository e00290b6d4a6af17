package dev.slipway.gateway.timeline;

import java.time.Instant;

import dev.slipway.contracts.EventKind;
import dev.slipway.contracts.cloudevents.CloudEvents;
import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.contracts.events.Event;
import dev.slipway.runtime.Events;

/**
 * One event of a run as the gateway keeps it: its CloudEvent attributes and its JSON payload, verbatim.
 *
 * @param eventId {@code ce_id}
 * @param topic the topic it travels on
 * @param type {@code ce_type}
 * @param source {@code ce_source}
 * @param app {@code ce_subject}, the application
 * @param runId {@code ce_runid}
 * @param causationId {@code ce_causationid}, or null
 * @param replayOf {@code ce_replayof}, or null
 * @param time {@code ce_time}
 * @param payload the JSON data
 */
public record StoredEvent(String eventId, String topic, String type, String source, String app, String runId,
        String causationId, String replayOf, Instant time, String payload) {

    /** An event the gateway itself emits. */
    public static StoredEvent of(Event payload, String service, RunContext context, String eventId, Instant time) {
        EventKind kind = EventKind.of(payload.getClass());
        return new StoredEvent(eventId, kind.topic(), kind.type(), CloudEvents.source(service).toString(),
                payload.app(), context.runId(), context.causationId(), context.replayOf(), time, Events.json(payload));
    }

    public RunContext context() {
        return new RunContext(runId, causationId, replayOf);
    }

    /** The kind of event, from its type. */
    public EventKind kind() {
        return EventKind.byType(type).orElseThrow(() -> new IllegalStateException("unknown event type " + type));
    }
}

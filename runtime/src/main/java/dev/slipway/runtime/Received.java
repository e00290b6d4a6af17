package dev.slipway.runtime;

import java.time.Instant;

import dev.slipway.contracts.cloudevents.RunContext;

/**
 * An incoming event, read and checked.
 *
 * @param payload the event
 * @param eventId its {@code ce_id}
 * @param type its {@code ce_type}
 * @param context its run, causation and replay
 * @param time its {@code ce_time}, when the previous stage emitted it, or null when the record carries none
 */
public record Received<T>(T payload, String eventId, String type, RunContext context, Instant time) {

    /** An event whose emission time is not known. */
    public Received(T payload, String eventId, String type, RunContext context) {
        this(payload, eventId, type, context, null);
    }

    /** The context of the event that answers this one: same run, caused by this event. */
    public RunContext answer() {
        return context.answering(eventId);
    }

    /** Whether an SRE replayed this event. */
    public boolean isReplay() {
        return context.replayOf() != null;
    }
}

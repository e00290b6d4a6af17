package dev.slipway.runtime;

import dev.slipway.contracts.cloudevents.RunContext;

/**
 * An incoming event, read and checked.
 *
 * @param payload the event
 * @param eventId its {@code ce_id}
 * @param type its {@code ce_type}
 * @param context its run, causation and replay
 */
public record Received<T>(T payload, String eventId, String type, RunContext context) {

    /** The context of the event that answers this one: same run, caused by this event. */
    public RunContext answer() {
        return context.answering(eventId);
    }

    /** Whether an SRE replayed this event. */
    public boolean isReplay() {
        return context.replayOf() != null;
    }
}

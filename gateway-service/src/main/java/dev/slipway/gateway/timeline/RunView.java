package dev.slipway.gateway.timeline;

import java.time.Instant;
import java.util.List;

import dev.slipway.contracts.events.CommitRef;

/**
 * A run as its events tell it.
 *
 * @param runId the run
 * @param app the application
 * @param status where it stands
 * @param commit the commit, when its {@code commit-pushed} is known
 * @param startedAt its first event's time
 * @param updatedAt its last event's time
 * @param stages its stages, in the order they started
 * @param events its events, oldest first
 */
public record RunView(String runId, String app, RunStatus status, CommitRef commit, Instant startedAt,
        Instant updatedAt, List<StageView> stages, List<EventSummary> events) {

    /**
     * An event of the run, without its payload.
     */
    public record EventSummary(String eventId, String type, String topic, String source, Instant time,
            String causationId, String replayOf) {
    }

    /** The run without its stages and events, for lists. */
    public RunView summary() {
        return new RunView(runId, app, status, commit, startedAt, updatedAt, null, null);
    }
}

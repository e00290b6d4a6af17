package dev.slipway.contracts.cloudevents;

/**
 * What ties an event to its run: the run id, the id of the event it answers, and for a replayed event the id it
 * repeats.
 *
 * @param runId the pipeline run, fixed when the commit is accepted
 * @param causationId the {@code ce_id} of the event this one answers, or null for the first event of a run
 * @param replayOf the {@code ce_id} an SRE's replay repeats, or null
 */
public record RunContext(String runId, String causationId, String replayOf) {

    public RunContext {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("an event needs a run id");
        }
    }

    /** The context of a run's first event. */
    public static RunContext start(String runId) {
        return new RunContext(runId, null, null);
    }

    /** The context of an event that answers the event {@code eventId} of this run. */
    public RunContext answering(String eventId) {
        return new RunContext(runId, eventId, null);
    }

    /** The context of a replay of the event {@code eventId}, keeping its causation. */
    public RunContext replaying(String eventId) {
        return new RunContext(runId, causationId, eventId);
    }
}

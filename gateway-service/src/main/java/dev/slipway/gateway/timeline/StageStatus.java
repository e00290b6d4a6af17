package dev.slipway.gateway.timeline;

/** Where one stage of a run stands, derived from the run's events. */
public enum StageStatus {
    /** Its input is known (the environment is in the spec) but it has not started. */
    PENDING, RUNNING,
    /** A gated environment waits for an SRE. */
    AWAITING_APPROVAL, SUCCEEDED, FAILED,
    /** A deployment that failed its rollout or analysis and was undone. */
    ROLLED_BACK,
    /** A deployment an SRE rejected at its gate. */
    REJECTED,
    /** A deployment a newer release replaced before it finished. */
    SUPERSEDED;

    /** Whether the stage gave up on its input, so a replay is what an SRE would try. */
    public boolean failed() {
        return this == FAILED || this == ROLLED_BACK;
    }
}

package dev.slipway.gateway.timeline;

/** Where a run stands, derived from its stages; never stored. */
public enum RunStatus {
    RUNNING, SUCCEEDED, FAILED, ROLLED_BACK, AWAITING_APPROVAL, SUPERSEDED
}

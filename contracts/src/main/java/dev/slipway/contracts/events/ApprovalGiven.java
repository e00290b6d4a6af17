package dev.slipway.contracts.events;

import java.time.Instant;

/**
 * An SRE approved or rejected a gated environment of a run (the run is the event's {@code runid}). Produced by
 * gateway-service, consumed by deploy-service.
 *
 * @param app the application
 * @param environment the gated environment
 * @param decision approve or reject
 * @param by who decided
 * @param reason why, for the timeline
 * @param at when
 */
public record ApprovalGiven(
        String app,
        String environment,
        Decision decision,
        String by,
        String reason,
        Instant at) implements Event {

    public enum Decision {
        APPROVED, REJECTED
    }
}

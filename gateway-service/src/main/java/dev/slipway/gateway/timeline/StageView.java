package dev.slipway.gateway.timeline;

import java.time.Instant;

import dev.slipway.contracts.Stage;

/**
 * One stage of a run, per environment where it has one.
 *
 * @param stage the stage
 * @param environment the environment, for deploy, secrets and backup stages, or null
 * @param status where it stands
 * @param startedAt when its input arrived or it reported progress first, or null while pending
 * @param finishedAt when it reached its outcome, or null
 * @param durationMillis between the two, or null
 * @param reason the failure reason ({@code UNAVAILABLE}) or the deployment's reason, or null
 * @param message the last line for people, or null
 * @param inputEventId the event it consumes, which a replay repeats, or null
 * @param lastEventId the last event that changed it
 */
public record StageView(Stage stage, String environment, StageStatus status, Instant startedAt, Instant finishedAt,
        Long durationMillis, String reason, String message, String inputEventId, String lastEventId) {
}

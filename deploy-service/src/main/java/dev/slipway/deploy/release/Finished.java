package dev.slipway.deploy.release;

import dev.slipway.contracts.events.Deployed;

/**
 * A release that reached its outcome in an environment, kept so that a redelivered event re-emits it and the next
 * environment knows whether to start.
 *
 * @param eventId the {@code ce_id} of the event that asked for the release
 * @param runId the run
 * @param deployed the outcome as emitted
 */
public record Finished(String eventId, String runId, Deployed deployed) {
}

package dev.slipway.deploy.release;

import java.time.Instant;

import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.contracts.events.ChartPublished;

/**
 * A release asked of one environment: the chart-published event (or, for a secrets rotation, the secrets-synced event
 * that re-rolls the running release) with its place in the spec's environment order.
 *
 * @param kind why the release happens
 * @param eventId the {@code ce_id} of the event that asked for it; the release's identity
 * @param runId the run
 * @param release the chart-published payload: commit, image, chart and spec
 * @param receivedAt when deploy-service recorded it
 * @param position the environment's 0-based place in the spec
 * @param after the environment that must have succeeded with this release first, or null
 * @param afterNamespace that environment's namespace, or null
 */
public record ReleaseIntent(
        Kind kind,
        String eventId,
        String runId,
        ChartPublished release,
        Instant receivedAt,
        int position,
        String after,
        String afterNamespace) {

    public enum Kind {
        /** A chart-published event. */
        RELEASE,
        /** A secrets-synced event with a new checksum for the running release. */
        SECRETS_ROTATION
    }

    /** The context of every event this release emits: its run, caused by the event that asked for it. */
    public RunContext answer() {
        return new RunContext(runId, eventId, null);
    }
}

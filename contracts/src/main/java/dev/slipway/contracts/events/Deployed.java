package dev.slipway.contracts.events;

import java.time.Instant;

import dev.slipway.contracts.spec.EnvironmentSpec;

/**
 * A release reached its terminal outcome in one environment. Produced by deploy-service; gateway-service records it
 * and teams subscribe to it.
 *
 * @param app the application
 * @param environment the environment
 * @param namespace its namespace
 * @param release the release name
 * @param outcome how it ended
 * @param commit the commit released
 * @param image the image, by digest
 * @param chart the chart
 * @param startedAt when the environment's release started
 * @param finishedAt when it ended
 * @param reason why it did not succeed, or null
 * @param strategy how it was rolled out
 * @param revision the environment's release revision, counting up from 1
 * @param canarySteps canary steps completed, for a canary release
 * @param planSummary the applied plan in one line ({@code 1 created, 2 changed, 0 pruned})
 */
public record Deployed(
        String app,
        String environment,
        String namespace,
        String release,
        Outcome outcome,
        CommitRef commit,
        ImageRef image,
        ChartRef chart,
        Instant startedAt,
        Instant finishedAt,
        String reason,
        EnvironmentSpec.Strategy strategy,
        int revision,
        int canarySteps,
        String planSummary) implements Event {

    public enum Outcome {
        /** Live and healthy. */
        SUCCEEDED,
        /** Failed its rollout or analysis; the previous release was restored. */
        ROLLED_BACK,
        /** An SRE rejected it at the approval gate. */
        REJECTED,
        /** Could not be applied; nothing was changed or the change could not be undone. */
        FAILED,
        /** A newer release of the application replaced it before it finished. */
        SUPERSEDED
    }
}

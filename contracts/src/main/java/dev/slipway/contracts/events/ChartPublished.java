package dev.slipway.contracts.events;

import dev.slipway.contracts.spec.PipelineSpec;

/**
 * The application's chart for this commit is in the registry. Produced by chart-service, consumed by deploy-service
 * and secrets-service.
 *
 * @param app the application
 * @param commit the commit
 * @param image the image the chart deploys, by digest
 * @param chart the pushed chart
 * @param spec the commit's parsed {@code slipway.yaml}
 */
public record ChartPublished(
        String app,
        CommitRef commit,
        ImageRef image,
        ChartRef chart,
        PipelineSpec spec) implements Event {
}

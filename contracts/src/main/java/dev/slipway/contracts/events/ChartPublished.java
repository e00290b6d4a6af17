package dev.slipway.contracts.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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
 * @param values the chart values for each environment, by environment name, as the chart was checked with (empty
 *        for a repository's own chart, whose values are its own)
 */
public record ChartPublished(
        String app,
        CommitRef commit,
        ImageRef image,
        ChartRef chart,
        PipelineSpec spec,
        Map<String, Map<String, Object>> values) implements Event {

    public ChartPublished {
        values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A chart published without per-environment values. */
    public ChartPublished(String app, CommitRef commit, ImageRef image, ChartRef chart, PipelineSpec spec) {
        this(app, commit, image, chart, spec, Map.of());
    }
}

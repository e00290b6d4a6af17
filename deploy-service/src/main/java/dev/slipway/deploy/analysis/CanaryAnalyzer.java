package dev.slipway.deploy.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import org.jboss.logging.Logger;

import dev.slipway.contracts.spec.EnvironmentSpec.Analysis;
import dev.slipway.contracts.spec.EnvironmentSpec.Metric;
import dev.slipway.runtime.StageException;

/**
 * The spec's analysis: each Prometheus metric against its bounds, the HTTP check, and Kubernetes health of the canary
 * pods. Prometheus not answering makes a metric inconclusive (the canary is not to blame), a rejected query fails it.
 */
public final class CanaryAnalyzer implements Analyzer {

    private static final Logger LOG = Logger.getLogger(CanaryAnalyzer.class);

    private final PrometheusClient prometheus;
    private final HttpCheck http;
    private final TrackReader tracks;
    private final int restartLimit;

    /**
     * @param prometheus the metrics server, or null when none is configured (metrics are then inconclusive)
     */
    public CanaryAnalyzer(PrometheusClient prometheus, HttpCheck http, TrackReader tracks, int restartLimit) {
        this.prometheus = prometheus;
        this.http = http;
        this.tracks = tracks;
        this.restartLimit = restartLimit;
    }

    @Override
    public AnalysisReport analyse(String app, String namespace, Analysis analysis) {
        List<Check> checks = new ArrayList<>();
        for (Metric metric : analysis.metrics()) {
            checks.add(metric(app, namespace, metric));
        }
        if (analysis.http() != null && !analysis.http().isBlank()) {
            checks.add(http.check(QueryTemplate.render(analysis.http(), app, namespace, CANARY_TRACK)));
        }
        if (analysis.kubernetes()) {
            checks.add(KubernetesHealth.evaluate(tracks.deployment(namespace, app, CANARY_TRACK),
                    tracks.pods(namespace, app, CANARY_TRACK), restartLimit));
        }
        return new AnalysisReport(checks);
    }

    private Check metric(String app, String namespace, Metric metric) {
        String threshold = MetricCheck.threshold(metric);
        if (prometheus == null) {
            return Check.inconclusive(metric.name(), null, threshold, "no Prometheus is configured");
        }
        String query;
        try {
            query = QueryTemplate.render(metric.query(), app, namespace, CANARY_TRACK);
        } catch (IllegalArgumentException e) {
            return Check.fail(metric.name(), null, threshold, e.getMessage());
        }
        try {
            OptionalDouble value = prometheus.query(query);
            return MetricCheck.evaluate(metric, value);
        } catch (StageException e) {
            LOG.warnf("Metric %s of %s/%s: %s", metric.name(), namespace, app, e.getMessage());
            return e.retriable()
                    ? Check.inconclusive(metric.name(), null, threshold, e.getMessage())
                    : Check.fail(metric.name(), null, threshold, e.getMessage());
        }
    }
}

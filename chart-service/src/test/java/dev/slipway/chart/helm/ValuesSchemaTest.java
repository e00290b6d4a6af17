package dev.slipway.chart.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import dev.slipway.chart.source.InvalidChartException;
import dev.slipway.chart.support.Samples;
import dev.slipway.chart.support.TestCharts;
import dev.slipway.chart.values.ChartValues;

/** {@code values.schema.json} as Helm applies it: a bad value fails the render and names the key. */
class ValuesSchemaTest {

    @TempDir
    Path dir;
    TestCharts charts;
    Path chart;

    @BeforeEach
    void chart() {
        charts = new TestCharts(dir);
        chart = charts.chart(Samples.minimal());
    }

    private void assertRejected(Map<String, ?> overrides, String... named) {
        assertThatThrownBy(() -> charts.render(chart, overrides)).isInstanceOf(InvalidChartException.class)
                .hasMessageContainingAll(named);
    }

    @Test
    void acceptsTheValuesOfEveryFeatureTogether() throws InvalidChartException {
        String yaml = charts.render(chart, Map.of(
                "environment", "production",
                "labels", Map.of("slipway.dev/run", "r-1"),
                "canary", Map.of("enabled", true, "weight", 10, "replicas", 1,
                        "image", Map.of("repository", "127.0.0.1:5000/apps/tiny", "digest",
                                "sha256:" + "9a".repeat(32))),
                "httpRoute", Map.of("enabled", true, "parentRefs", List.of(Map.of("name", "gw")), "hostnames",
                        List.of("*.example.test")),
                "ingress", Map.of("enabled", true, "host", "tiny.example.test", "tlsSecret", "tiny-tls"),
                "hpa", Map.of("enabled", true, "minReplicas", 2, "maxReplicas", 5),
                "secrets", Map.of("enabled", true, "checksum", "abc")));

        assertThat(yaml).isNotBlank();
    }

    @Test
    void rejectsNegativeReplicas() {
        assertRejected(Map.of("replicas", -1), "replicas");
    }

    @Test
    void rejectsBadResourceQuantities() {
        assertRejected(Map.of("resources", Map.of("requests", Map.of("cpu", "lots"))), "resources", "cpu");
        assertRejected(Map.of("resources", Map.of("limits", Map.of("memory", "64 MB"))), "resources", "memory");
    }

    @Test
    void acceptsNumericResourceQuantities() throws InvalidChartException {
        Map<String, Quantity> requests = charts.manifests(chart, Map.of("resources", Map.of("requests",
                Map.of("cpu", 0.5, "memory", 268435456)))).get(Deployment.class, "tiny").getSpec().getTemplate()
                .getSpec().getContainers().get(0).getResources().getRequests();

        assertThat(requests).containsEntry("cpu", new Quantity("0.5")).containsEntry("memory",
                new Quantity("268435456"));
    }

    @Test
    void rejectsBadIngressHostName() {
        assertRejected(Map.of("ingress", Map.of("enabled", true, "host", "Not_A_Host!")), "ingress", "host");
    }

    @Test
    void rejectsEnabledIngressWithoutHost() {
        assertRejected(Map.of("ingress", Map.of("enabled", true, "host", "")), "ingress", "host");
    }

    @Test
    void rejectsImageTagInsteadOfDigest() {
        assertRejected(Map.of("image", Map.of("digest", "latest")), "image", "digest");
        assertRejected(Map.of("image", Map.of("repository", "127.0.0.1:5000/apps/tiny:latest")), "image",
                "repository");
    }

    @Test
    void rejectsUnknownKeys() {
        assertRejected(Map.of("replicsa", 2), "replicsa");
        assertRejected(Map.of("hpa", Map.of("maxReplica", 3)), "maxReplica");
    }

    @Test
    void rejectsCanaryWeightAbove100() {
        assertRejected(Map.of("canary", Map.of("weight", 101)), "canary", "weight");
    }

    @Test
    void rejectsHpaMaximumBelowMinimum() {
        assertRejected(Map.of("hpa", Map.of("enabled", true, "minReplicas", 4, "maxReplicas", 2)),
                "hpa.maxReplicas");
    }

    @Test
    void rejectsHttpRouteWithoutGateway() {
        assertRejected(Map.of("httpRoute", Map.of("enabled", true)), "httpRoute", "parentRefs");
    }

    @Test
    void rejectsBadLabelsAndEnvNames() {
        assertRejected(Map.of("labels", Map.of("slipway.dev/run", "not a label value")), "labels");
        assertRejected(Map.of("env", Map.of("BAD-NAME", "x")), "BAD-NAME");
    }

    @Test
    void rejectsRootUser() {
        assertRejected(Map.of("securityContext", Map.of("runAsUser", 0)), "runAsUser");
    }

    @Test
    void rejectsAppNameThatIsNotADnsLabel() {
        Path bad = charts.chart(Samples.minimal(), ChartValues.from(Samples.minimal()).with("/app", "Tiny_App"));

        assertThatThrownBy(() -> charts.helm().lint(bad)).isInstanceOf(InvalidChartException.class)
                .hasMessageContaining("app");
    }

    @Test
    void lintFailsOnABadPackagedValue() {
        Path bad = charts.chart(Samples.minimal(), ChartValues.from(Samples.minimal()).with("/replicas", -3));

        assertThatThrownBy(() -> charts.helm().lint(bad)).isInstanceOf(InvalidChartException.class)
                .hasMessageContaining("replicas");
    }
}

package dev.slipway.chart.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.slipway.chart.source.InvalidChartException;
import dev.slipway.chart.support.Samples;
import dev.slipway.chart.support.TestCharts;
import dev.slipway.chart.values.ChartValues;
import dev.slipway.contracts.events.ImageBuilt;
import dev.slipway.contracts.spec.EnvironmentSpec;
import dev.slipway.testkit.kubernetes.Manifests;
import dev.slipway.testkit.kubernetes.MockKubernetes;

/**
 * The rendered manifests of the sample applications in staging and production, against reviewed golden files under
 * {@code src/test/resources/golden/}. Documents are compared as parsed trees, so formatting does not matter but every
 * field does. Run with {@code -Dslipway.golden.update=true} to rewrite the files after an intended change, then review
 * the diff.
 */
class GoldenManifestsTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("slipway.golden.update");

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("minimal", "staging"),
                Arguments.of("minimal", "production"),
                Arguments.of("full", "staging"),
                Arguments.of("full", "production"));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("cases")
    void renderedManifestsMatchTheGoldenFile(String sample, String environment) throws Exception {
        String rendered = render(sample, environment);
        Path golden = GOLDEN.resolve(sample + "-" + environment + ".yaml");

        if (UPDATE || !Files.exists(golden)) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, rendered);
        }

        assertThat(Manifests.documents(rendered)).isEqualTo(Manifests.documents(Files.readString(golden)));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("cases")
    void everyRenderedObjectAppliesToTheApiServer(String sample, String environment) throws Exception {
        Manifests manifests = Manifests.parse(render(sample, environment));
        String namespace = sample + "-" + environment;
        KubernetesClient client = MockKubernetes.shared().client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                .build()).serverSideApply();

        for (HasMetadata object : manifests.objects()) {
            client.resource(object).inNamespace(namespace).fieldManager("slipway").forceConflicts().serverSideApply();
        }

        for (HasMetadata object : manifests.objects()) {
            HasMetadata stored = client.resource(object).inNamespace(namespace).get();
            assertThat(stored).as(object.getKind() + "/" + object.getMetadata().getName()).isNotNull();
            assertThat(stored.getMetadata().getLabels()).isEqualTo(object.getMetadata().getLabels());
        }
    }

    @Test
    void goldenFilesCoverEveryCase() throws IOException {
        try (Stream<Path> files = Files.list(GOLDEN)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "minimal-staging.yaml", "minimal-production.yaml", "full-staging.yaml", "full-production.yaml");
        }
    }

    /**
     * What deploy-service renders: the environment's values, and in a canary environment the canary track of the new
     * image with the run's labels and the Secret's checksum.
     */
    private String render(String sample, String environmentName) throws InvalidChartException {
        ImageBuilt built = "full".equals(sample) ? Samples.full() : Samples.minimal();
        EnvironmentSpec environment = built.spec().environment(environmentName).orElseThrow();
        TestCharts charts = new TestCharts(dir);
        Path chart = charts.chart(built);
        Map<String, Object> values = new LinkedHashMap<>(ChartValues.from(built, environment).toMap());
        values.put("labels", Map.of("slipway.dev/run", "run-1", "slipway.dev/revision", "1"));
        if (!built.spec().chart().secrets().isEmpty()) {
            values.put("secrets", Map.of("enabled", true, "name", built.app() + "-secrets", "checksum",
                    "5e".repeat(32), "keys", built.spec().chart().secrets()));
        }
        if (environment.strategy() == EnvironmentSpec.Strategy.CANARY) {
            values.put("canary", Map.of("enabled", true, "replicas", 1, "weight", 10, "image",
                    Map.of("repository", built.image().repository(), "digest", "sha256:" + "ef".repeat(32))));
        }
        return charts.render(chart, values);
    }
}

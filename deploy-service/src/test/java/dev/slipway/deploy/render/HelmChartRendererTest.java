package dev.slipway.deploy.render;

import static dev.slipway.deploy.support.Releases.received;
import static dev.slipway.deploy.support.Releases.rolling;
import static dev.slipway.deploy.support.Releases.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.events.ChartRef;
import dev.slipway.contracts.events.Deployed.Outcome;
import dev.slipway.contracts.events.ImageRef;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.contracts.spec.PipelineSpec;
import dev.slipway.deploy.release.ReleaseEngine;
import dev.slipway.deploy.support.EngineHarness;
import dev.slipway.deploy.support.Releases;
import dev.slipway.runtime.StageException;
import dev.slipway.testkit.kubernetes.MockKubernetes;
import dev.slipway.testkit.registry.OciRegistry;

/** Renders charts pushed to a real OCI registry, straight from their {@code oci://} reference. */
class HelmChartRendererTest {

    private static final String GOOD = "0.0.0-aaaaaaaaaaaa";
    private static final String BROKEN = "0.0.0-bbbbbbbbbbbb";
    private static final ImageRef IMAGE = new ImageRef("127.0.0.1:5000/apps/shop", "sha256:" + "e".repeat(64),
            List.of());

    @TempDir
    static Path work;
    private static OciRegistry registry;
    private final HelmChartRenderer renderer = new HelmChartRenderer(true, null);

    @BeforeAll
    static void pushCharts() throws IOException {
        registry = OciRegistry.start();
        push(GOOD, null);
        // A template that calls a function Helm does not have: the chart cannot render.
        push(BROKEN, "{{ .Values.app | nosuchfunction }}\n");
    }

    @AfterAll
    static void closeRegistry() {
        registry.close();
    }

    private static void push(String version, String brokenTemplate) throws IOException {
        Path chart = work.resolve("chart-" + version);
        copy(Path.of("src/test/resources/charts/shop"), chart);
        Files.writeString(chart.resolve("Chart.yaml"), Files.readString(chart.resolve("Chart.yaml"))
                .replace("version: 0.1.0", "version: " + version));
        if (brokenTemplate != null) {
            Files.writeString(chart.resolve("templates/broken.yaml"), brokenTemplate);
        }
        Path packages = Files.createDirectories(work.resolve("packages"));
        new Helm(chart).packageIt().withDestination(packages).call();
        Helm.push().withChart(packages.resolve("shop-" + version + ".tgz"))
                .withRemote(URI.create("oci://" + registry.address() + "/charts")).plainHttp().call();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            paths.forEach(path -> {
                try {
                    Files.copy(path, to.resolve(from.relativize(path).toString()),
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static ChartRef chart(String version) {
        return new ChartRef("oci://" + registry.address() + "/charts", "shop", version, null);
    }

    @Test
    void rendersTheChartFromItsOciReferenceWithTheEnvironmentsValues() throws StageException {
        ReleaseValues values = new ReleaseValues("shop", "production", ObjectLabels.release("run-1", 4), IMAGE, 3,
                new ReleaseValues.Canary(1, 25, Releases.image("shop", '9')),
                new ReleaseValues.Secrets(null, "sum,with,commas", List.of("API_TOKEN")), null);

        List<ObjectNode> objects = renderer.render(chart(GOOD), "shop", "shop-prod", values.toMap());

        assertThat(objects).extracting(o -> o.path("kind").asText() + "/" + o.at("/metadata/name").asText())
                .containsExactlyInAnyOrder("Deployment/shop", "Deployment/shop-canary", "Service/shop");
        ObjectNode stable = objects.stream().filter(o -> o.at("/metadata/name").asText().equals("shop")
                && o.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        assertThat(stable.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(stable.at("/spec/template/spec/containers/0/image").asText()).isEqualTo(IMAGE.reference());
        assertThat(stable.at("/metadata/labels/slipway.dev~1run").asText()).isEqualTo("run-1");
        assertThat(stable.at("/spec/template/metadata/annotations/slipway.dev~1secrets-checksum").asText())
                .isEqualTo("sum,with,commas");
        ObjectNode canary = objects.stream().filter(o -> o.at("/metadata/name").asText().equals("shop-canary"))
                .findFirst().orElseThrow();
        assertThat(canary.at("/spec/template/spec/containers/0/image").asText())
                .isEqualTo(Releases.image("shop", '9').reference());
        assertThat(canary.at("/spec/selector/matchLabels/slipway.dev~1track").asText()).isEqualTo("canary");
    }

    @Test
    void rendersOnSeveralThreadsAtOnceEachWithItsOwnValues() throws Exception {
        // The release worker renders on a pool: each thread's release must get its own values back.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<ObjectNode>>> renders = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int replicas = i + 1;
                String namespace = "shop-" + i;
                ReleaseValues values = new ReleaseValues("shop", "staging", ObjectLabels.release("run-" + i, 1),
                        IMAGE, replicas, null, null, null);
                renders.add(pool.submit(() -> renderer.render(chart(GOOD), "shop", namespace, values.toMap())));
            }
            for (int i = 0; i < renders.size(); i++) {
                ObjectNode stable = renders.get(i).get(60, TimeUnit.SECONDS).stream()
                        .filter(o -> o.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
                assertThat(stable.at("/spec/replicas").asInt()).isEqualTo(i + 1);
                assertThat(stable.at("/metadata/labels/slipway.dev~1run").asText()).isEqualTo("run-" + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void acceptsARepositoryThatAlreadyNamesTheChart() {
        ChartRef named = new ChartRef("oci://" + registry.address() + "/charts/shop/", "shop", GOOD, null);

        assertThat(HelmChartRenderer.reference(named)).isEqualTo("oci://" + registry.address() + "/charts/shop");
        assertThat(HelmChartRenderer.reference(chart(GOOD))).isEqualTo(HelmChartRenderer.reference(named));
    }

    @Test
    void aChartThatCannotRenderIsInvalidInput() {
        ReleaseValues values = new ReleaseValues("shop", "staging", Map.of(), IMAGE, null, null, null, null);

        assertThatThrownBy(() -> renderer.render(chart(BROKEN), "shop", "shop-staging", values.toMap()))
                .isInstanceOf(StageException.class).hasMessageContaining("nosuchfunction")
                .extracting(e -> ((StageException) e).reason()).isEqualTo(FailureReason.INVALID_INPUT);
    }

    @Test
    void anUnreachableRegistryIsUnavailable() {
        ChartRef nowhere = new ChartRef("oci://127.0.0.1:1/charts", "shop", GOOD, null);
        ReleaseValues values = new ReleaseValues("shop", "staging", Map.of(), IMAGE, null, null, null, null);

        assertThatThrownBy(() -> renderer.render(nowhere, "shop", "shop-staging", values.toMap()))
                .isInstanceOf(StageException.class)
                .extracting(e -> ((StageException) e).reason()).isEqualTo(FailureReason.UNAVAILABLE);
    }

    @Test
    void releasesAPublishedChartAndFailsTheStageForOneThatCannotRender() throws StageException {
        try (MockKubernetes kubernetes = MockKubernetes.start()) {
            EngineHarness h = new EngineHarness(kubernetes, null);
            ReleaseEngine engine = h.engine(EngineHarness.settings("deploy-a"), renderer);
            PipelineSpec spec = spec("shop", 2, List.of(), rolling("staging", "shop-staging", 60));
            ChartPublished good = new ChartPublished("shop", null, IMAGE, chart(GOOD), spec);

            h.intake.chartPublished(received(good, "run-1"));
            h.tickUntil(engine, h.rolloutsBecomeReady("shop-staging"), () -> !h.events.deployed("staging").isEmpty());
            assertThat(h.events.deployed("staging").get(0).outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(h.image("shop-staging", "shop")).isEqualTo(IMAGE.reference());

            ChartPublished broken = new ChartPublished("shop", null, IMAGE, chart(BROKEN), spec);
            h.intake.chartPublished(received(broken, "run-2"));
            h.tickUntil(engine, () -> h.events.deployed("staging").size() == 2);

            assertThat(h.events.deployed("staging").get(1).outcome()).isEqualTo(Outcome.FAILED);
            assertThat(h.events.of(StageFailed.class)).singleElement()
                    .satisfies(f -> assertThat(f.reason()).isEqualTo(FailureReason.INVALID_INPUT));
            assertThat(h.image("shop-staging", "shop")).isEqualTo(IMAGE.reference());
        }
    }
}

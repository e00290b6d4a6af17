package dev.slipway.deploy.bench;

import static dev.slipway.deploy.support.Releases.received;
import static dev.slipway.deploy.support.Releases.rolling;
import static dev.slipway.deploy.support.Releases.spec;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.marcnuri.helm.Helm;

import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.events.ChartRef;
import dev.slipway.contracts.events.DeployProgressed.Phase;
import dev.slipway.contracts.spec.PipelineSpec;
import dev.slipway.deploy.release.ReleaseEngine;
import dev.slipway.deploy.render.HelmChartRenderer;
import dev.slipway.deploy.support.EngineHarness;
import dev.slipway.deploy.support.Releases;
import dev.slipway.runtime.StageException;
import dev.slipway.testkit.kubernetes.MockKubernetes;
import dev.slipway.testkit.registry.OciRegistry;

/**
 * chart-published to first apply: the time from a release being handed to deploy-service until its objects are
 * applied, with the chart rendered by the real Helm library from a real registry and applied to the mock API server.
 * Not part of the build (the name does not end in Test); run it with
 * {@code ./mvnw -pl deploy-service test -Dtest=FirstApplyLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class FirstApplyLatencyBenchmark {

    private static final int WARMUP = 5;
    private static final int RELEASES = 40;

    @TempDir
    Path work;

    @Test
    void measuresChartPublishedToFirstApply() throws IOException, StageException {
        try (OciRegistry registry = OciRegistry.start(); MockKubernetes kubernetes = MockKubernetes.start()) {
            Path chart = work.resolve("shop");
            try (Stream<Path> paths = Files.walk(Path.of("src/test/resources/charts/shop"))) {
                for (Path path : (Iterable<Path>) paths::iterator) {
                    Files.copy(path, chart.resolve(Path.of("src/test/resources/charts/shop").relativize(path)
                            .toString()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            new Helm(chart).packageIt().withDestination(work).call();
            Helm.push().withChart(work.resolve("shop-0.1.0.tgz"))
                    .withRemote(URI.create("oci://" + registry.address() + "/charts")).plainHttp().call();
            ChartRef ref = new ChartRef("oci://" + registry.address() + "/charts", "shop", "0.1.0", null);

            EngineHarness h = new EngineHarness(kubernetes, null);
            ReleaseEngine engine = h.engine(EngineHarness.settings("bench"), new HelmChartRenderer(true, null));
            List<Long> intake = new ArrayList<>();
            List<Long> total = new ArrayList<>();
            for (int i = 0; i < WARMUP + RELEASES; i++) {
                PipelineSpec spec = spec("shop", 2, List.of(), rolling("staging", "bench-" + (i % 4), 600));
                ChartPublished release = Releases.release(spec, "0123456789abcdef".charAt(i % 16));
                release = new ChartPublished(release.app(), release.commit(), release.image(), ref, spec);
                int applied = h.events.progressed("staging", Phase.APPLIED).size();
                long start = System.nanoTime();
                h.intake.chartPublished(received(release, "run-" + i));
                long recorded = System.nanoTime();
                while (h.events.progressed("staging", Phase.APPLIED).size() == applied) {
                    engine.tick();
                }
                long done = System.nanoTime();
                if (i >= WARMUP) {
                    intake.add((recorded - start) / 1_000_000);
                    total.add((done - start) / 1_000_000);
                }
                h.rolloutsBecomeReady("bench-" + (i % 4)).run();
                engine.tick();
            }
            System.out.printf("chart-published -> recorded in the cluster: %s%n", summary(intake));
            System.out.printf("chart-published -> first apply (render, plan, apply): %s%n", summary(total));
        }
    }

    private static String summary(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return "n=" + sorted.size() + " p50=" + sorted.get(sorted.size() / 2) + "ms p95="
                + sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1) + "ms max=" + sorted.get(sorted.size() - 1)
                + "ms";
    }
}

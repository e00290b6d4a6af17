package dev.slipway.deploy.release;

import static dev.slipway.deploy.support.Releases.canary;
import static dev.slipway.deploy.support.Releases.received;
import static dev.slipway.deploy.support.Releases.release;
import static dev.slipway.deploy.support.Releases.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoublePredicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.events.DeployProgressed;
import dev.slipway.contracts.events.DeployProgressed.AnalysisResult;
import dev.slipway.contracts.events.DeployProgressed.CanaryProgress;
import dev.slipway.contracts.events.DeployProgressed.Phase;
import dev.slipway.contracts.events.Deployed;
import dev.slipway.contracts.events.Deployed.Outcome;
import dev.slipway.contracts.spec.EnvironmentSpec;
import dev.slipway.contracts.spec.EnvironmentSpec.Analysis;
import dev.slipway.contracts.spec.EnvironmentSpec.Metric;
import dev.slipway.contracts.spec.EnvironmentSpec.Strategy;
import dev.slipway.contracts.spec.PipelineSpec;
import dev.slipway.deploy.analysis.QueryTemplate;
import dev.slipway.deploy.support.EngineHarness;
import dev.slipway.deploy.support.Releases;
import dev.slipway.deploy.support.RequestExporter;
import dev.slipway.runtime.StageException;
import dev.slipway.testkit.kubernetes.MockKubernetes;
import dev.slipway.testkit.prometheus.Prometheus;

/**
 * Canary releases against the mock API server, analysed by a real Prometheus scraping a test exporter whose request
 * counters each test sets per track. Each test uses its own application, since Prometheus keeps what it scraped.
 */
class CanaryReleaseTest {

    private static MockKubernetes kubernetes;
    private static RequestExporter exporter;
    private static Prometheus prometheus;
    private static HttpServer checks;
    private static final AtomicInteger checkStatus = new AtomicInteger(200);

    private EngineHarness h;
    private ReleaseEngine engine;

    @BeforeAll
    static void startServers() throws IOException {
        exporter = new RequestExporter();
        prometheus = Prometheus.start(exporter.target());
        kubernetes = MockKubernetes.start();
        checks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        checks.createContext("/check", exchange -> {
            exchange.sendResponseHeaders(checkStatus.get(), -1);
            exchange.close();
        });
        checks.start();
    }

    @AfterAll
    static void stopServers() {
        checks.stop(0);
        kubernetes.close();
        prometheus.close();
        exporter.close();
    }

    @BeforeEach
    void emptyCluster() {
        kubernetes.reset();
        checkStatus.set(200);
        h = new EngineHarness(kubernetes, prometheus.url());
        engine = h.engine();
    }

    /** Waits until Prometheus has scraped the canary error rate the exporter now serves. */
    private static void prometheusSees(String app, DoublePredicate rate) {
        String query = QueryTemplate.render(Releases.ERROR_RATE, app, "ignored", "canary");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            OptionalDouble value = prometheus.value(query);
            return value.isPresent() && rate.test(value.getAsDouble());
        });
    }

    /** Releases {@code digit} as the first (rolling) release, so that a later one has a stable track. */
    private void live(PipelineSpec spec, char digit, String namespace) throws StageException {
        h.intake.chartPublished(received(release(spec, digit), "run-" + digit));
        h.tickUntil(engine, h.rolloutsBecomeReady(namespace), () -> !h.events.deployed("production").isEmpty());
        assertThat(h.events.deployed("production").get(0)).satisfies(d -> {
            assertThat(d.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(d.strategy()).isEqualTo(Strategy.ROLLING);
        });
    }

    private List<DeployProgressed> ofRelease(Phase phase, int revision) {
        return h.events.progressed("production", phase).stream()
                .filter(e -> e.release().endsWith("-r" + revision)).toList();
    }

    @Test
    void promotesAfterEveryStepPassesItsAnalysis() throws StageException {
        String url = "http://" + checks.getAddress().getHostString() + ":" + checks.getAddress().getPort()
                + "/check?app={{app}}";
        EnvironmentSpec production = Releases.withAnalysis(canary("production", "cart-prod", List.of(10, 25, 50), 3,
                0), new Analysis(0, List.of(new Metric("error-rate", Releases.ERROR_RATE, 0.05, null)), url, true));
        PipelineSpec spec = spec("cart", 4, List.of(), production);
        exporter.set("cart", "canary", 100, 0);
        prometheusSees("cart", rate -> rate == 0.0);
        live(spec, '1', "cart-prod");

        // Given a new release
        h.intake.chartPublished(received(release(spec, '2'), "run-2"));
        // When its canary starts
        h.tickUntil(engine, h.rolloutsBecomeReady("cart-prod"), () -> !ofRelease(Phase.CANARY_STEP, 2).isEmpty());

        // Then the stable track keeps the old version and the canary runs the new one, by replica ratio
        assertThat(h.image("cart-prod", "cart")).isEqualTo(Releases.image("cart", '1').reference());
        assertThat(h.image("cart-prod", "cart-canary")).isEqualTo(Releases.image("cart", '2').reference());
        assertThat(h.deployment("cart-prod", "cart").getSpec().getReplicas()).isEqualTo(3);
        assertThat(h.deployment("cart-prod", "cart-canary").getSpec().getReplicas()).isEqualTo(1);

        // When every analysis passes
        h.tickUntil(engine, h.rolloutsBecomeReady("cart-prod"), () -> h.events.deployed("production").size() == 2);

        // Then it went through each step and was promoted exactly once
        assertThat(ofRelease(Phase.CANARY_STEP, 2)).extracting(DeployProgressed::canary)
                .extracting(CanaryProgress::step, CanaryProgress::weight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 25),
                        org.assertj.core.groups.Tuple.tuple(2, 25), org.assertj.core.groups.Tuple.tuple(3, 50));
        assertThat(ofRelease(Phase.ANALYSIS, 2)).hasSize(3).allSatisfy(analysis -> {
            assertThat(analysis.canary().analysis()).extracting(AnalysisResult::name)
                    .containsExactly("error-rate", "http", "kubernetes");
            assertThat(analysis.canary().analysis()).allSatisfy(r -> assertThat(r.passed()).isTrue());
            assertThat(analysis.canary().analysis().get(0)).satisfies(r -> {
                assertThat(r.value()).isEqualTo(0.0);
                assertThat(r.threshold()).isEqualTo("<= 0.05");
            });
        });
        assertThat(ofRelease(Phase.PROMOTED, 2)).hasSize(1);
        Deployed deployed = h.events.deployed("production").get(1);
        assertThat(deployed.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(deployed.strategy()).isEqualTo(Strategy.CANARY);
        assertThat(deployed.canarySteps()).isEqualTo(3);
        assertThat(h.image("cart-prod", "cart")).isEqualTo(Releases.image("cart", '2').reference());
        assertThat(h.deployment("cart-prod", "cart-canary")).isNull();
        assertThat(h.client.services().inNamespace("cart-prod").withName("cart-canary").get()).isNull();
        assertThat(h.deployment("cart-prod", "cart").getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void rollsBackWithinOneIntervalWhenTheSecondStepFailsItsAnalysis() throws StageException {
        PipelineSpec spec = spec("pay", 4, List.of(), canary("production", "pay-prod", List.of(20, 50), 10, 0));
        exporter.set("pay", "canary", 100, 0);
        prometheusSees("pay", rate -> rate == 0.0);
        live(spec, '1', "pay-prod");
        h.intake.chartPublished(received(release(spec, '2'), "run-2"));
        h.tickUntil(engine, h.rolloutsBecomeReady("pay-prod"), () -> ofRelease(Phase.CANARY_STEP, 2).size() == 2);

        // When the canary starts failing one request in four at the second step
        exporter.set("pay", "canary", 90, 30);
        prometheusSees("pay", rate -> rate > 0.05);
        h.tickUntil(engine, h.rolloutsBecomeReady("pay-prod"), () -> h.events.deployed("production").size() == 2);

        // Then traffic went back to stable and the canary was removed, in the same interval as the measurement
        Deployed deployed = h.events.deployed("production").get(1);
        assertThat(deployed.outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(deployed.canarySteps()).isEqualTo(1);
        assertThat(deployed.reason()).contains("analysis failed at step 2/2");
        DeployProgressed failing = ofRelease(Phase.ANALYSIS, 2).get(1);
        assertThat(failing.canary().analysis().get(0)).satisfies(r -> {
            assertThat(r.name()).isEqualTo("error-rate");
            assertThat(r.passed()).isFalse();
            assertThat(r.value()).isEqualTo(0.25);
        });
        Duration measuredToRolledBack = Duration.between(h.events.first(e -> e == failing).at(),
                h.events.first(e -> e == deployed).at());
        assertThat(measuredToRolledBack).isLessThan(EngineHarness.INTERVAL_UNIT.multipliedBy(10));
        assertThat(h.image("pay-prod", "pay")).isEqualTo(Releases.image("pay", '1').reference());
        assertThat(h.deployment("pay-prod", "pay").getSpec().getReplicas()).isEqualTo(2);
        assertThat(h.deployment("pay-prod", "pay-canary")).isNull();
        assertThat(h.client.services().inNamespace("pay-prod").withName("pay-stable").get()).isNull();
    }

    @Test
    void rollsBackACanaryWhosePodsCrashLoop() throws StageException {
        PipelineSpec spec = spec("crash", 2, List.of(), canary("production", "crash-prod", List.of(50), 3, 0));
        exporter.set("crash", "canary", 10, 0);
        prometheusSees("crash", rate -> rate == 0.0);
        live(spec, '1', "crash-prod");
        h.intake.chartPublished(received(release(spec, '2'), "run-2"));
        h.tickUntil(engine, h.rolloutsBecomeReady("crash-prod"), () -> !ofRelease(Phase.CANARY_STEP, 2).isEmpty());

        // When the canary's pods crash-loop
        h.simulator().markRolloutFailing("crash-prod", "crash-canary", 5);
        h.tickUntil(engine, () -> h.events.deployed("production").size() == 2);

        assertThat(h.events.deployed("production").get(1).outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(ofRelease(Phase.ANALYSIS, 2).get(0).canary().analysis())
                .filteredOn(r -> r.name().equals("kubernetes")).singleElement()
                .satisfies(r -> assertThat(r.message()).contains("CrashLoopBackOff"));
        assertThat(h.deployment("crash-prod", "crash-canary")).isNull();
    }

    @Test
    void anInconclusiveAnalysisPausesTheCanaryUntilItCanDecide() throws StageException {
        // No requests from the canary yet: the error rate has no data
        PipelineSpec spec = spec("quiet", 2, List.of(), canary("production", "quiet-prod", List.of(50), 3, 0));
        live(spec, '1', "quiet-prod");
        h.intake.chartPublished(received(release(spec, '2'), "run-2"));

        h.tickUntil(engine, h.rolloutsBecomeReady("quiet-prod"), () -> ofRelease(Phase.ANALYSIS, 2).size() >= 3);

        // Then it paused at its step without counting a failure
        assertThat(ofRelease(Phase.ANALYSIS, 2)).allSatisfy(a -> {
            assertThat(a.message()).contains("inconclusive", "paused");
            assertThat(a.canary().failures()).isZero();
            assertThat(a.canary().step()).isEqualTo(1);
            assertThat(a.canary().analysis().get(0).message()).startsWith("inconclusive:");
        });
        assertThat(h.events.deployed("production")).hasSize(1);
        assertThat(h.image("quiet-prod", "quiet-canary")).isEqualTo(Releases.image("quiet", '2').reference());

        // When traffic reaches the canary and it is healthy, the canary resumes and is promoted
        exporter.set("quiet", "canary", 40, 0);
        prometheusSees("quiet", rate -> rate == 0.0);
        h.tickUntil(engine, h.rolloutsBecomeReady("quiet-prod"), () -> h.events.deployed("production").size() == 2);
        assertThat(h.events.deployed("production").get(1).outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void aRestartedServiceResumesTheCanaryAtItsStepAndPromotesExactlyOnce() throws StageException {
        PipelineSpec spec = spec("resume", 4, List.of(), canary("production", "resume-prod", List.of(10, 25, 50), 3,
                0));
        exporter.set("resume", "canary", 100, 0);
        prometheusSees("resume", rate -> rate == 0.0);
        live(spec, '1', "resume-prod");
        h.intake.chartPublished(received(release(spec, '2'), "run-2"));
        h.tickUntil(engine, h.rolloutsBecomeReady("resume-prod"), () -> ofRelease(Phase.CANARY_STEP, 2).size() == 2);

        // Given the instance driving it stops at the second step
        ReleaseEngine stopped = engine;
        StoredState atStop = h.store.load("resume-prod", "resume").orElseThrow();
        assertThat(atStop.state.active.canary().step()).isEqualTo(1);
        assertThat(atStop.state.owner).isEqualTo("deploy-a");

        // When a new instance starts: it leaves the release alone while the old owner's lease lasts
        ReleaseEngine restarted = h.engine(EngineHarness.settings("deploy-b"));
        restarted.tick();
        assertThat(h.store.load("resume-prod", "resume").orElseThrow().resourceVersion())
                .isEqualTo(atStop.resourceVersion());
        // and takes over once it has expired
        h.clock.advance(Duration.ofSeconds(31));
        h.tickUntil(restarted, h.rolloutsBecomeReady("resume-prod"),
                () -> h.events.deployed("production").size() == 2);

        // Then it continued from the second step, never repeating one, and promoted once
        assertThat(ofRelease(Phase.CANARY_STEP, 2)).extracting(e -> e.canary().step()).containsExactly(1, 2, 3);
        assertThat(ofRelease(Phase.PROMOTED, 2)).hasSize(1);
        assertThat(h.events.deployed("production")).filteredOn(d -> d.revision() == 2).singleElement()
                .satisfies(d -> assertThat(d.outcome()).isEqualTo(Outcome.SUCCEEDED));
        assertThat(h.store.load("resume-prod", "resume").orElseThrow().state.owner).isEqualTo("deploy-b");

        // And the old instance, were it to run again, finds nothing to do
        int before = h.events.all().size();
        stopped.tick();
        assertThat(h.events.all()).hasSize(before);
    }

    @Test
    void aNewerReleaseAbortsTheOlderCanaryAndStartsItsOwnFromTheFirstStep() throws StageException {
        PipelineSpec spec = spec("swap", 4, List.of(), canary("production", "swap-prod", List.of(10, 50), 100, 0));
        exporter.set("swap", "canary", 100, 0);
        prometheusSees("swap", rate -> rate == 0.0);
        live(spec, '1', "swap-prod");
        h.intake.chartPublished(received(release(spec, '2'), "run-2"));
        h.tickUntil(engine, h.rolloutsBecomeReady("swap-prod"), () -> !ofRelease(Phase.CANARY_STEP, 2).isEmpty());

        // When a newer release arrives mid-canary
        ChartPublished newer = release(spec, '3');
        h.intake.chartPublished(received(newer, "run-3"));
        h.tickUntil(engine, h.rolloutsBecomeReady("swap-prod"), () -> !ofRelease(Phase.CANARY_STEP, 3).isEmpty());

        // Then the older one was superseded back to stable, and the newer one starts at its first step
        assertThat(h.events.deployed("production")).filteredOn(d -> d.revision() == 2).singleElement()
                .satisfies(d -> {
                    assertThat(d.outcome()).isEqualTo(Outcome.SUPERSEDED);
                    assertThat(d.reason()).contains("run-3");
                });
        assertThat(ofRelease(Phase.ROLLING_BACK, 2)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("aborting the canary"));
        assertThat(ofRelease(Phase.CANARY_STEP, 3)).singleElement()
                .satisfies(e -> assertThat(e.canary().step()).isEqualTo(1));
        assertThat(h.image("swap-prod", "swap")).isEqualTo(Releases.image("swap", '1').reference());
        assertThat(h.image("swap-prod", "swap-canary")).isEqualTo(newer.image().reference());

        // And the newer one completes on its own analysis
        h.tickUntil(engine, () -> {
            h.clock.advance(Duration.ofSeconds(10));
            h.rolloutsBecomeReady("swap-prod").run();
        }, () -> h.events.deployed("production").size() == 3);
        assertThat(h.events.deployed("production").get(2)).satisfies(d -> {
            assertThat(d.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(d.image()).isEqualTo(newer.image());
        });
        assertThat(h.image("swap-prod", "swap")).isEqualTo(newer.image().reference());
    }

}

package dev.slipway.deploy.release;

import static dev.slipway.deploy.support.Releases.received;
import static dev.slipway.deploy.support.Releases.release;
import static dev.slipway.deploy.support.Releases.rolling;
import static dev.slipway.deploy.support.Releases.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.slipway.contracts.events.ChartRef;
import dev.slipway.contracts.events.DeployProgressed;
import dev.slipway.contracts.events.DeployProgressed.Phase;
import dev.slipway.contracts.events.Deployed;
import dev.slipway.contracts.events.Deployed.Outcome;
import dev.slipway.deploy.render.ChartRenderer;
import dev.slipway.deploy.support.EngineHarness;
import dev.slipway.runtime.StageException;
import dev.slipway.testkit.kubernetes.MockKubernetes;

/** The engine as deploy-service runs it: applications stepped on a pool, release states read from a watched copy. */
class ConcurrentPassesTest {

    private static final int APPS = 12;

    private MockKubernetes kubernetes;
    private EngineHarness h;
    private ThreadPoolExecutor pool;

    @BeforeEach
    void start() {
        kubernetes = MockKubernetes.start();
        h = new EngineHarness(kubernetes, null);
        h.store.startCache();
        pool = new ThreadPoolExecutor(4, 4, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>());
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        h.store.stopCache();
        kubernetes.close();
    }

    @Test
    void aFleetReleasedAtOnceIsSteppedOnSeveralThreadsAndEachEnvironmentReleasesOnce() throws StageException {
        OverlapCounter renderer = new OverlapCounter(h.renderer);
        ReleaseEngine engine = h.engine(EngineHarness.settings("deploy-a"), renderer, pool);
        List<String> namespaces = new ArrayList<>();
        // Given a dozen applications released at once, each to staging and then production
        for (int i = 0; i < APPS; i++) {
            String app = "app" + i;
            namespaces.add(app + "-staging");
            namespaces.add(app + "-production");
            h.intake.chartPublished(received(release(spec(app, 1, List.of(), rolling("staging", app + "-staging", 60),
                    rolling("production", app + "-production", 60)), '1'), "run-" + i));
        }

        // When the engine steps them on four threads while the rollouts become ready
        h.tickUntil(engine, () -> namespaces.forEach(ns -> h.rolloutsBecomeReady(ns).run()),
                () -> h.events.deployed("production").size() >= APPS);

        // Then passes over different applications ran at the same time
        assertThat(renderer.mostAtOnce.get()).isGreaterThan(1);
        // And each environment of each application was planned, applied and released exactly once, although the
        // watched copy of the states lags the engine's own writes
        for (String environment : List.of("staging", "production")) {
            Map<String, List<Deployed>> deployed = h.events.deployed(environment).stream()
                    .collect(Collectors.groupingBy(Deployed::app));
            assertThat(deployed).hasSize(APPS).allSatisfy((app, outcomes) -> assertThat(outcomes)
                    .extracting(Deployed::outcome, Deployed::revision)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Outcome.SUCCEEDED, 1)));
            assertThat(h.events.progressed(environment, Phase.APPLIED).stream()
                    .collect(Collectors.groupingBy(DeployProgressed::app, Collectors.counting())))
                    .hasSize(APPS).allSatisfy((app, applies) -> assertThat(applies).isEqualTo(1L));
        }
        // And once the watched copy has caught up, a pass hands out no work: every application has nothing to do
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.schedule().isDone());
        int events = h.events.all().size();
        engine.tick();
        assertThat(h.events.all()).hasSize(events);
    }

    @Test
    void statesAnotherInstanceHoldsAreNotReadUntilItsLeaseLapses() throws StageException {
        ReleaseIntake intakeOfB = new ReleaseIntake(h.store, h.events, h.clock, "deploy-b", Duration.ofSeconds(30));
        AtomicInteger handedOut = new AtomicInteger();
        ReleaseEngine engineOfA = h.engine(EngineHarness.settings("deploy-a"), h.renderer, pass -> {
            handedOut.incrementAndGet();
            pool.execute(pass);
        });
        // Given releases of three applications recorded, and so held, by instance B
        List<String> namespaces = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String app = "app" + i;
            namespaces.add(app + "-staging");
            intakeOfB.chartPublished(
                    received(release(spec(app, 1, List.of(), rolling("staging", app + "-staging", 60)), '1'),
                            "run-" + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> h.store.refs().size() == 3);
        assertThat(h.store.refs()).allSatisfy(ref -> {
            assertThat(ref.owner()).isEqualTo("deploy-b");
            assertThat(ref.heldElsewhere("deploy-a", h.clock.instant())).isTrue();
        });

        // Then instance A hands out no pass over them while B's lease runs: it does not even read them
        engineOfA.tick();
        engineOfA.tick();
        assertThat(handedOut).hasValue(0);
        assertThat(h.events.progressed("staging")).isEmpty();

        // And once the lease has lapsed, A takes each over and releases it, once
        h.clock.advance(Duration.ofSeconds(31));
        h.tickUntil(engineOfA, () -> namespaces.forEach(ns -> h.rolloutsBecomeReady(ns).run()),
                () -> h.events.deployed("staging").size() >= 3);
        assertThat(h.events.progressed("staging", Phase.APPLIED)).hasSize(3);
        assertThat(handedOut.get()).isGreaterThanOrEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(h.store.refs()).extracting(ReleaseStore.StateRef::owner).containsOnly("deploy-a"));
    }

    /** Counts renders under way at once, which is passes over different applications overlapping. */
    private static final class OverlapCounter implements ChartRenderer {

        private final ChartRenderer delegate;
        private final AtomicInteger now = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        OverlapCounter(ChartRenderer delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<ObjectNode> render(ChartRef chart, String release, String namespace, Map<String, Object> values)
                throws StageException {
            mostAtOnce.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);
                return delegate.render(chart, release, namespace, values);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                now.decrementAndGet();
            }
        }
    }
}

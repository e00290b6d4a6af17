package dev.slipway.deploy.release;

import static dev.slipway.deploy.support.Releases.received;
import static dev.slipway.deploy.support.Releases.release;
import static dev.slipway.deploy.support.Releases.rolling;
import static dev.slipway.deploy.support.Releases.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.apps.Deployment;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Json;
import dev.slipway.contracts.Stage;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.events.DeployProgressed;
import dev.slipway.contracts.events.DeployProgressed.Action;
import dev.slipway.contracts.events.DeployProgressed.Phase;
import dev.slipway.contracts.events.Deployed;
import dev.slipway.contracts.events.Deployed.Outcome;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.contracts.spec.EnvironmentSpec.Strategy;
import dev.slipway.contracts.spec.PipelineSpec;
import dev.slipway.deploy.render.ChartRenderer;
import dev.slipway.deploy.support.EngineHarness;
import dev.slipway.deploy.support.Releases;
import dev.slipway.runtime.Received;
import dev.slipway.runtime.StageException;
import dev.slipway.testkit.kubernetes.MockKubernetes;

class RollingReleaseTest {

    private static MockKubernetes kubernetes;
    private EngineHarness h;
    private ReleaseEngine engine;

    @BeforeAll
    static void startApiServer() {
        kubernetes = MockKubernetes.start();
    }

    @AfterAll
    static void stopApiServer() {
        kubernetes.close();
    }

    @BeforeEach
    void emptyCluster() {
        kubernetes.reset();
        h = new EngineHarness(kubernetes, null);
        engine = h.engine();
    }

    private Deployed deploy(ChartPublished release, String runId, String environment, String namespace)
            throws StageException {
        int before = h.events.deployed(environment).size();
        h.intake.chartPublished(received(release, runId));
        h.tickUntil(engine, h.rolloutsBecomeReady(namespace), () -> h.events.deployed(environment).size() > before);
        return last(h.events.deployed(environment));
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    @Test
    void publishesThePlanAppliesAndSucceedsOnceTheRolloutIsReady() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), rolling("staging", "shop-staging", 60));
        Received<ChartPublished> published = received(release(spec, '1'), "run-1");

        // Given a published chart
        h.intake.chartPublished(published);
        // When the engine applies it
        h.tickUntil(engine, () -> !h.events.progressed("staging", Phase.APPLIED).isEmpty());

        // Then the plan came before the apply, and the release waits for its rollout
        List<DeployProgressed> progress = h.events.progressed("staging");
        assertThat(progress).extracting(DeployProgressed::phase).containsSubsequence(Phase.PLANNED, Phase.APPLIED);
        assertThat(h.events.progressed("staging", Phase.PLANNED).get(0).plan())
                .extracting(DeployProgressed.PlannedChange::kind, DeployProgressed.PlannedChange::name,
                        DeployProgressed.PlannedChange::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Deployment", "shop", Action.CREATE),
                        org.assertj.core.groups.Tuple.tuple("Service", "shop", Action.CREATE));
        engine.tick();
        assertThat(h.events.deployed("staging")).isEmpty();

        // When the Deployment controller reports the rollout complete
        h.simulator().markRolloutReady("shop-staging", "shop");
        h.tickUntil(engine, () -> !h.events.deployed("staging").isEmpty());

        // Then the environment succeeded with revision 1, labelled with its run
        Deployed deployed = h.events.deployed("staging").get(0);
        assertThat(deployed.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(deployed.revision()).isEqualTo(1);
        assertThat(deployed.strategy()).isEqualTo(Strategy.ROLLING);
        assertThat(deployed.planSummary()).isEqualTo("2 created, 0 changed, 0 unchanged, 0 pruned");
        assertThat(deployed.release()).isEqualTo("shop-staging-r1");
        Deployment live = h.deployment("shop-staging", "shop");
        assertThat(live.getMetadata().getLabels()).containsEntry("slipway.dev/run", "run-1")
                .containsEntry("slipway.dev/revision", "1").containsEntry("slipway.dev/environment", "staging")
                .containsEntry("app.kubernetes.io/name", "shop");
        assertThat(h.image("shop-staging", "shop")).isEqualTo(Releases.image("shop", '1').reference());
        // And every event answers the chart-published event in its run
        assertThat(h.events.all()).allSatisfy(e -> {
            assertThat(e.context().runId()).isEqualTo("run-1");
            assertThat(e.context().causationId()).isEqualTo(published.eventId());
        });
        assertThat(h.store.load("shop-staging", "shop")).get().satisfies(s -> {
            assertThat(s.state.live.revision()).isEqualTo(1);
            assertThat(s.state.active).isNull();
        });
    }

    @Test
    void anOutcomeTheBrokerDidNotTakeIsSentAgainByTheNextInstanceUntilItDoes() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), rolling("staging", "shop-staging", 60));
        // Given a broker that does not take the release's outcome
        h.events.brokerTakesOutcomes(false);
        h.intake.chartPublished(received(release(spec, '1'), "run-1"));
        h.tickUntil(engine, () -> !h.events.progressed("staging", Phase.APPLIED).isEmpty());
        h.simulator().markRolloutReady("shop-staging", "shop");
        h.tickUntil(engine, () -> !h.events.deployed("staging").isEmpty());
        engine.tick();

        // Then the outcome is kept as not announced, and sent again
        assertThat(h.store.load("shop-staging", "shop").orElseThrow().state.unannounced).hasSize(1);
        assertThat(h.events.deployed("staging")).hasSizeGreaterThan(1).allSatisfy(deployed -> {
            assertThat(deployed.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(deployed.revision()).isEqualTo(1);
        });

        // When the instance is gone, the broker is back and another instance takes over
        h.events.brokerTakesOutcomes(true);
        ReleaseEngine next = h.engine();
        int sent = h.events.deployed("staging").size();
        next.tick();
        next.tick();
        next.tick();

        // Then it sends the outcome once more, and no more once the broker has it
        assertThat(h.events.deployed("staging")).hasSize(sent + 1);
        assertThat(h.store.load("shop-staging", "shop").orElseThrow().state.unannounced).isEmpty();
    }

    @Test
    void rollsBackToThePreviousReleaseWhenTheRolloutFails() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), rolling("staging", "shop-staging", 60));
        deploy(release(spec, '1'), "run-1", "staging", "shop-staging");

        // Given a second release applied
        h.intake.chartPublished(received(release(spec, '2'), "run-2"));
        h.tickUntil(engine, () -> h.events.progressed("staging", Phase.APPLIED).size() == 2);
        assertThat(h.image("shop-staging", "shop")).isEqualTo(Releases.image("shop", '2').reference());

        // When its pods crash and the Deployment exceeds its progress deadline
        h.simulator().markRolloutFailing("shop-staging", "shop", 4);
        h.tickUntil(engine, () -> h.events.deployed("staging").size() == 2);

        // Then the previous release is back
        Deployed deployed = h.events.deployed("staging").get(1);
        assertThat(deployed.outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(deployed.revision()).isEqualTo(2);
        assertThat(deployed.reason()).contains("progress deadline exceeded");
        assertThat(h.events.progressed("staging", Phase.ROLLING_BACK)).singleElement()
                .extracting(DeployProgressed::message).asString().contains("restoring revision 1");
        assertThat(h.image("shop-staging", "shop")).isEqualTo(Releases.image("shop", '1').reference());
        assertThat(h.deployment("shop-staging", "shop").getMetadata().getLabels())
                .containsEntry("slipway.dev/run", "run-1");
    }

    @Test
    void rollsBackWhenTheRolloutDoesNotCompleteWithinItsDeadline() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), rolling("staging", "shop-staging", 90));
        deploy(release(spec, '1'), "run-1", "staging", "shop-staging");
        h.intake.chartPublished(received(release(spec, '2'), "run-2"));
        h.tickUntil(engine, () -> h.events.progressed("staging", Phase.APPLIED).size() == 2);

        // When the rollout makes no progress for longer than the spec's 90s deadline
        h.clock.advance(Duration.ofSeconds(91));
        h.tickUntil(engine, () -> h.events.deployed("staging").size() == 2);

        // Then it is rolled back
        assertThat(h.events.deployed("staging").get(1)).satisfies(d -> {
            assertThat(d.outcome()).isEqualTo(Outcome.ROLLED_BACK);
            assertThat(d.reason()).contains("did not complete within 90s");
        });
        assertThat(h.image("shop-staging", "shop")).isEqualTo(Releases.image("shop", '1').reference());
    }

    @Test
    void aFirstReleaseThatFailsHasNothingToRollBackTo() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), rolling("staging", "shop-staging", 60));
        h.intake.chartPublished(received(release(spec, '1'), "run-1"));
        h.tickUntil(engine, () -> !h.events.progressed("staging", Phase.APPLIED).isEmpty());

        h.simulator().markRolloutFailing("shop-staging", "shop", 2);
        h.tickUntil(engine, () -> !h.events.deployed("staging").isEmpty());

        assertThat(h.events.deployed("staging").get(0)).satisfies(d -> {
            assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(d.reason()).contains("no earlier release to roll back to");
        });
    }

    @Test
    void prunesWhatThePreviousReleaseHadAndThisOneDoesNot() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), rolling("staging", "shop-staging", 60));
        ChartPublished first = release(spec, '1');
        ObjectNode config = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        config.putObject("metadata").put("name", "shop-legacy");
        config.putObject("data").put("mode", "legacy");
        h.renderer.extraObject(first.chart().version(), config);
        deploy(first, "run-1", "staging", "shop-staging");
        assertThat(h.client.configMaps().inNamespace("shop-staging").withName("shop-legacy").get()).isNotNull();

        Deployed second = deploy(release(spec, '2'), "run-2", "staging", "shop-staging");

        assertThat(second.planSummary()).isEqualTo("0 created, 2 changed, 0 unchanged, 1 pruned");
        assertThat(h.events.progressed("staging", Phase.PLANNED).get(1).plan())
                .filteredOn(c -> c.action() == Action.PRUNE).singleElement()
                .satisfies(c -> assertThat(c.name()).isEqualTo("shop-legacy"));
        assertThat(h.events.progressed("staging", Phase.PLANNED).get(1).plan())
                .filteredOn(c -> c.name().equals("shop") && c.kind().equals("Deployment")).singleElement()
                .satisfies(c -> assertThat(c.fields()).contains("spec.template.spec.containers[app].image"));
        assertThat(h.client.configMaps().inNamespace("shop-staging").withName("shop-legacy").get()).isNull();
        assertThat(h.client.configMaps().inNamespace("shop-staging").withName("slipway-release-shop").get())
                .isNotNull();
    }

    @Test
    void theNextEnvironmentStartsOnlyAfterThePreviousSucceeded() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), rolling("staging", "shop-staging", 60),
                rolling("production", "shop-prod", 60));
        h.intake.chartPublished(received(release(spec, '1'), "run-1"));

        h.tickUntil(engine, () -> !h.events.progressed("staging", Phase.APPLIED).isEmpty());
        engine.tick();
        assertThat(h.deployment("shop-prod", "shop")).isNull();
        assertThat(h.events.progressed("production")).isEmpty();

        h.simulator().markRolloutReady("shop-staging", "shop");
        h.tickUntil(engine, h.rolloutsBecomeReady("shop-prod"), () -> !h.events.deployed("production").isEmpty());

        assertThat(h.events.of(Deployed.class)).extracting(Deployed::environment, Deployed::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("staging", Outcome.SUCCEEDED),
                org.assertj.core.groups.Tuple.tuple("production", Outcome.SUCCEEDED));
    }

    @Test
    void anEnvironmentThatFailsStopsTheRelease() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), rolling("staging", "shop-staging", 60),
                rolling("production", "shop-prod", 60));
        h.intake.chartPublished(received(release(spec, '1'), "run-1"));
        h.tickUntil(engine, () -> !h.events.progressed("staging", Phase.APPLIED).isEmpty());

        h.simulator().markRolloutFailing("shop-staging", "shop", 3);
        h.tickUntil(engine, () -> !h.events.deployed("staging").isEmpty());
        h.tickUntil(engine, () -> h.store.load("shop-prod", "shop").orElseThrow().state.pending == null);

        assertThat(h.deployment("shop-prod", "shop")).isNull();
        assertThat(h.events.deployed("production")).isEmpty();
        assertThat(h.events.progressed("production")).isEmpty();
    }

    @Test
    void anUnrenderableChartFailsTheStageAndChangesNothing() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), rolling("staging", "shop-staging", 60));
        ChartPublished broken = release(spec, '1');
        h.renderer.breakVersion(broken.chart().version());
        Received<ChartPublished> published = received(broken, "run-1");

        h.intake.chartPublished(published);
        h.tickUntil(engine, () -> !h.events.deployed("staging").isEmpty());

        assertThat(h.events.of(StageFailed.class)).singleElement().satisfies(f -> {
            assertThat(f.stage()).isEqualTo(Stage.DEPLOY);
            assertThat(f.environment()).isEqualTo("staging");
            assertThat(f.reason()).isEqualTo(FailureReason.INVALID_INPUT);
            assertThat(f.retriable()).isFalse();
            assertThat(f.message()).contains("image.digest is required");
            assertThat(f.inputTopic()).isEqualTo(Topics.CHART_PUBLISHED);
            assertThat(f.inputEventId()).isEqualTo(published.eventId());
        });
        assertThat(h.events.deployed("staging").get(0).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(h.events.progressed("staging", Phase.PLANNED)).isEmpty();
        assertThat(h.deployment("shop-staging", "shop")).isNull();
    }

    @Test
    void aRepeatedChartPublishedReEmitsItsOutcomeInsteadOfDeployingAgain() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), rolling("staging", "shop-staging", 60));
        Received<ChartPublished> published = received(release(spec, '1'), "run-1");
        h.intake.chartPublished(published);
        h.tickUntil(engine, h.rolloutsBecomeReady("shop-staging"), () -> !h.events.deployed("staging").isEmpty());

        // When Kafka redelivers the same event
        h.intake.chartPublished(published);
        engine.tick();

        // Then the outcome is emitted again, and nothing was re-applied
        assertThat(h.events.deployed("staging")).hasSize(2).allSatisfy(d -> assertThat(d.revision()).isEqualTo(1));
        assertThat(h.events.progressed("staging", Phase.PLANNED)).hasSize(1);
    }

    @Test
    void rejectsAChartPublishedItCannotRelease() {
        PipelineSpec spec = spec("shop", 2, List.of());
        assertThatThrownBy(() -> h.intake.chartPublished(received(release(spec, '1'), "run-1")))
                .isInstanceOf(StageException.class).hasMessageContaining("no environments")
                .extracting(e -> ((StageException) e).reason()).isEqualTo(FailureReason.INVALID_INPUT);
    }

    @Test
    void aGateEventRecordedWhileTheEngineAppliesNeitherRepeatsThePlanNorIsLost() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), rolling("staging", "shop-staging", 60));
        // Given an intake that records a secrets-synced of the environment while the engine renders its release
        ChartRenderer intakeWritesMeanwhile = (chart, release, namespace, values) -> {
            List<ObjectNode> objects = h.renderer.render(chart, release, namespace, values);
            h.intake.secretsSynced(Releases.secrets("shop", "staging", "shop-staging", "run-1", "sum-1", "API_TOKEN"));
            return objects;
        };
        ReleaseEngine busy = h.engine(EngineHarness.settings("deploy-a"), intakeWritesMeanwhile);
        h.intake.chartPublished(received(release(spec, '1'), "run-1"));

        // When the engine plans and applies the release
        h.tickUntil(busy, () -> !h.events.progressed("staging", Phase.APPLIED).isEmpty());

        // Then the plan went out once, the release moved on, and the recorded event is kept
        assertThat(h.events.progressed("staging", Phase.PLANNED)).hasSize(1);
        StoredState stored = h.store.load("shop-staging", "shop").orElseThrow();
        assertThat(stored.state.active.phase()).isEqualTo(ActiveRelease.Phase.ROLLOUT);
        assertThat(stored.state.secrets.checksum()).isEqualTo("sum-1");
    }

    @Test
    void aStaleInstanceCannotWriteTheReleaseState() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), rolling("staging", "shop-staging", 60));
        h.intake.chartPublished(received(release(spec, '1'), "run-1"));
        StoredState first = h.store.load("shop-staging", "shop").orElseThrow();
        StoredState second = h.store.load("shop-staging", "shop").orElseThrow();

        first.state.revisions = 7;
        h.store.save(first);
        second.state.revisions = 8;

        assertThatThrownBy(() -> h.store.save(second)).isInstanceOf(StaleStateException.class);
        assertThat(h.store.load("shop-staging", "shop").orElseThrow().state.revisions).isEqualTo(7);
    }

    @Test
    void aRolloutUnderWayIsLookedAtLessOftenAsItAges() throws StageException {
        PipelineSpec spec = spec("shop", 1, List.of(), rolling("staging", "shop-staging", 600));
        // Given a release applied and its rollout under way for 40 s when the engine looks at it
        h.intake.chartPublished(received(release(spec, '1'), "run-1"));
        h.tickUntil(engine, () -> !h.events.progressed("staging", Phase.APPLIED).isEmpty());
        h.clock.advance(Duration.ofSeconds(40));
        engine.tick();

        // When the rollout completes right after that look
        h.simulator().markRolloutReady("shop-staging", "shop");

        // Then the engine does not look again before a quarter of the rollout's age, at most 5 s, has passed
        engine.tick();
        h.clock.advance(Duration.ofSeconds(4));
        engine.tick();
        assertThat(h.events.deployed("staging")).isEmpty();
        // And looks once it has
        h.clock.advance(Duration.ofSeconds(1));
        engine.tick();
        assertThat(h.events.deployed("staging")).extracting(Deployed::outcome).containsExactly(Outcome.SUCCEEDED);
        assertThat(ReleaseEngine.betweenRolloutLooks(Duration.ZERO)).isZero();
        assertThat(ReleaseEngine.betweenRolloutLooks(Duration.ofSeconds(8))).hasSeconds(2);
        assertThat(ReleaseEngine.betweenRolloutLooks(Duration.ofMinutes(10))).hasSeconds(5);
    }

    @Test
    void theInstanceThatRecordsAReleaseDrivesItAndAnotherTakesItOverOnceTheClaimLapses() throws StageException {
        PipelineSpec spec = spec("shop", 1, List.of(), rolling("staging", "shop-staging", 60));
        ReleaseIntake intakeOfB = new ReleaseIntake(h.store, h.events, h.clock, "deploy-b", Duration.ofSeconds(30));
        ReleaseEngine engineOfA = h.engine(EngineHarness.settings("deploy-a"));
        ReleaseEngine engineOfB = h.engine(EngineHarness.settings("deploy-b"));

        // Given a release recorded by instance B
        intakeOfB.chartPublished(received(release(spec, '1'), "run-1"));
        assertThat(h.store.load("shop-staging", "shop").orElseThrow().state.owner).isEqualTo("deploy-b");

        // Then instance A leaves it to B while the claim holds
        engineOfA.tick();
        assertThat(h.store.load("shop-staging", "shop").orElseThrow().state.pending).isNotNull();
        assertThat(h.events.progressed("staging")).isEmpty();

        // And when B is gone and the claim has lapsed, A takes the release over and applies it
        h.clock.advance(Duration.ofSeconds(31));
        engineOfA.tick();
        assertThat(h.events.progressed("staging", Phase.APPLIED)).hasSize(1);
        assertThat(h.store.load("shop-staging", "shop").orElseThrow().state.owner).isEqualTo("deploy-a");

        // And a newer release B records while A holds the environment stays A's to drive
        intakeOfB.chartPublished(received(release(spec, '2'), "run-2"));
        assertThat(h.store.load("shop-staging", "shop").orElseThrow().state.owner).isEqualTo("deploy-a");
        engineOfB.tick();
        assertThat(h.events.deployed("staging")).isEmpty();
        engineOfA.tick();
        assertThat(h.events.deployed("staging")).extracting(Deployed::outcome).containsExactly(Outcome.SUPERSEDED);
    }
}

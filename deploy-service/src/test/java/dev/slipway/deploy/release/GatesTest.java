package dev.slipway.deploy.release;

import static dev.slipway.deploy.support.Releases.approval;
import static dev.slipway.deploy.support.Releases.backup;
import static dev.slipway.deploy.support.Releases.gated;
import static dev.slipway.deploy.support.Releases.received;
import static dev.slipway.deploy.support.Releases.release;
import static dev.slipway.deploy.support.Releases.rolling;
import static dev.slipway.deploy.support.Releases.secrets;
import static dev.slipway.deploy.support.Releases.spec;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.Deployment;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.ApprovalGiven.Decision;
import dev.slipway.contracts.events.BackupDone;
import dev.slipway.contracts.events.BackupRequested;
import dev.slipway.contracts.events.DeployProgressed.Phase;
import dev.slipway.contracts.events.Deployed;
import dev.slipway.contracts.events.Deployed.Outcome;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.contracts.spec.PipelineSpec;
import dev.slipway.deploy.support.EngineHarness;
import dev.slipway.runtime.StageException;
import dev.slipway.testkit.kubernetes.MockKubernetes;

class GatesTest {

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

    private void awaitingApproval(PipelineSpec spec, String runId) throws StageException {
        h.intake.chartPublished(received(release(spec, '1'), runId));
        h.tickUntil(engine, () -> !h.events.progressed("production", Phase.AWAITING_APPROVAL).isEmpty());
        engine.tick();
        assertThat(h.deployment("shop-prod", "shop")).isNull();
    }

    @Test
    void anApprovedEnvironmentDeploys() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), gated("production", "shop-prod", true, false));
        awaitingApproval(spec, "run-1");

        h.intake.approvalGiven(approval("shop", "production", "run-1", Decision.APPROVED));
        h.tickUntil(engine, h.rolloutsBecomeReady("shop-prod"), () -> !h.events.deployed("production").isEmpty());

        assertThat(h.events.deployed("production").get(0).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(h.events.progressed("production", Phase.WAITING)).singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("approved by ada"));
    }

    @Test
    void anApprovalOfAnotherRunDoesNotOpenTheGate() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), gated("production", "shop-prod", true, false));
        awaitingApproval(spec, "run-1");

        h.intake.approvalGiven(approval("shop", "production", "run-0", Decision.APPROVED));
        engine.tick();
        engine.tick();

        assertThat(h.deployment("shop-prod", "shop")).isNull();
        assertThat(h.events.deployed("production")).isEmpty();
    }

    @Test
    void aRejectedEnvironmentIsNotDeployed() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), gated("production", "shop-prod", true, false));
        awaitingApproval(spec, "run-1");

        h.intake.approvalGiven(approval("shop", "production", "run-1", Decision.REJECTED));
        h.tickUntil(engine, () -> !h.events.deployed("production").isEmpty());

        assertThat(h.events.deployed("production").get(0)).satisfies(d -> {
            assertThat(d.outcome()).isEqualTo(Outcome.REJECTED);
            assertThat(d.reason()).isEqualTo("rejected by ada: looks good");
        });
        assertThat(h.deployment("shop-prod", "shop")).isNull();
    }

    @Test
    void anApprovalThatNeverComesTimesOutAsARejection() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), gated("production", "shop-prod", true, false));
        awaitingApproval(spec, "run-1");

        h.clock.advance(Duration.ofHours(1).plusSeconds(1));
        h.tickUntil(engine, () -> !h.events.deployed("production").isEmpty());

        assertThat(h.events.deployed("production").get(0)).satisfies(d -> {
            assertThat(d.outcome()).isEqualTo(Outcome.REJECTED);
            assertThat(d.reason()).isEqualTo("no approval within 1h");
        });
        assertThat(h.deployment("shop-prod", "shop")).isNull();
    }

    @Test
    void aNewerReleaseSupersedesOneWaitingForApproval() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), gated("production", "shop-prod", true, false));
        awaitingApproval(spec, "run-1");

        h.intake.chartPublished(received(release(spec, '2'), "run-2"));
        h.tickUntil(engine, () -> h.events.progressed("production", Phase.AWAITING_APPROVAL).size() == 2);

        assertThat(h.events.deployed("production")).singleElement().satisfies(d -> {
            assertThat(d.outcome()).isEqualTo(Outcome.SUPERSEDED);
            assertThat(d.revision()).isEqualTo(1);
            assertThat(d.reason()).isEqualTo("superseded by run run-2");
        });
        assertThat(h.events.progressed("production", Phase.AWAITING_APPROVAL).get(1).message()).contains("run-2");
    }

    @Test
    void aNewerReleaseSupersedesOneWaitingForTheEnvironmentBeforeIt() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), rolling("staging", "shop-staging", 60),
                rolling("production", "shop-prod", 60));
        h.intake.chartPublished(received(release(spec, '1'), "run-1"));
        h.intake.chartPublished(received(release(spec, '2'), "run-2"));

        assertThat(h.events.deployed("production")).singleElement().satisfies(d -> {
            assertThat(d.outcome()).isEqualTo(Outcome.SUPERSEDED);
            assertThat(d.commit().sha()).startsWith("1111");
            assertThat(d.reason()).contains("before it started");
        });
    }

    @Test
    void aBackupGateRequestsABackupAndDeploysAfterItSucceeds() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), gated("production", "shop-prod", false, true));
        h.intake.chartPublished(received(release(spec, '1'), "run-1"));
        h.tickUntil(engine, () -> !h.events.of(BackupRequested.class).isEmpty());

        assertThat(h.events.of(BackupRequested.class)).singleElement().satisfies(b -> {
            assertThat(b.trigger()).isEqualTo(BackupRequested.Trigger.PRE_DEPLOY);
            assertThat(b.environment()).isEqualTo("production");
            assertThat(b.namespace()).isEqualTo("shop-prod");
            assertThat(b.database().name()).isEqualTo("shop");
        });
        assertThat(h.events.contextsOf(BackupRequested.class)).singleElement()
                .satisfies(c -> assertThat(c.runId()).isEqualTo("run-1"));
        engine.tick();
        assertThat(h.deployment("shop-prod", "shop")).isNull();

        h.intake.backupDone(backup("shop", "production", "run-1", BackupDone.Outcome.SUCCEEDED));
        h.tickUntil(engine, h.rolloutsBecomeReady("shop-prod"), () -> !h.events.deployed("production").isEmpty());

        assertThat(h.events.deployed("production").get(0).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(h.events.of(BackupRequested.class)).hasSize(1);
    }

    @Test
    void aFailedBackupStopsTheDeployAndFailsTheStage() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), gated("production", "shop-prod", false, true));
        h.intake.chartPublished(received(release(spec, '1'), "run-1"));
        h.tickUntil(engine, () -> !h.events.of(BackupRequested.class).isEmpty());

        h.intake.backupDone(backup("shop", "production", "run-1", BackupDone.Outcome.FAILED));
        h.tickUntil(engine, () -> !h.events.deployed("production").isEmpty());

        assertThat(h.events.of(StageFailed.class)).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.UNAVAILABLE);
            assertThat(f.message()).contains("pre-deploy backup failed", "connection refused");
            assertThat(f.inputTopic()).isEqualTo(Topics.CHART_PUBLISHED);
        });
        assertThat(h.events.deployed("production").get(0).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(h.deployment("shop-prod", "shop")).isNull();
    }

    @Test
    void aBackupThatNeverFinishesTimesOut() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), gated("production", "shop-prod", false, true));
        h.intake.chartPublished(received(release(spec, '1'), "run-1"));
        h.tickUntil(engine, () -> !h.events.of(BackupRequested.class).isEmpty());

        h.clock.advance(Duration.ofHours(1).plusSeconds(1));
        h.tickUntil(engine, () -> !h.events.deployed("production").isEmpty());

        assertThat(h.events.of(StageFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo(FailureReason.TIMEOUT));
        assertThat(h.deployment("shop-prod", "shop")).isNull();
    }

    @Test
    void waitsForEveryListedSecretAndStampsItsChecksumIntoThePods() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of("API_TOKEN", "DATABASE_PASSWORD"),
                rolling("production", "shop-prod", 60));
        h.intake.chartPublished(received(release(spec, '1'), "run-1"));
        h.tickUntil(engine, () -> !h.events.progressed("production", Phase.WAITING).isEmpty());

        // A sync without every listed key does not open the gate
        h.intake.secretsSynced(secrets("shop", "production", "shop-prod", "run-1", "sum-1", "API_TOKEN"));
        engine.tick();
        assertThat(h.deployment("shop-prod", "shop")).isNull();

        h.intake.secretsSynced(secrets("shop", "production", "shop-prod", "run-1", "sum-2", "API_TOKEN",
                "DATABASE_PASSWORD"));
        h.tickUntil(engine, h.rolloutsBecomeReady("shop-prod"), () -> !h.events.deployed("production").isEmpty());

        Deployment deployment = h.deployment("shop-prod", "shop");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("slipway.dev/secrets-checksum", "sum-2");
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom()).singleElement()
                .satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo("shop-secrets"));
    }

    @Test
    void aSecretsRotationRollsTheRunningRelease() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of("API_TOKEN"), rolling("production", "shop-prod", 60));
        h.intake.secretsSynced(secrets("shop", "production", "shop-prod", "run-1", "sum-1", "API_TOKEN"));
        h.intake.chartPublished(received(release(spec, '1'), "run-1"));
        h.tickUntil(engine, h.rolloutsBecomeReady("shop-prod"), () -> !h.events.deployed("production").isEmpty());
        long generation = h.deployment("shop-prod", "shop").getMetadata().getGeneration();

        // When secrets-service syncs a new version of a key
        h.intake.secretsSynced(secrets("shop", "production", "shop-prod", "run-7", "sum-2", "API_TOKEN"));
        h.tickUntil(engine, h.rolloutsBecomeReady("shop-prod"), () -> h.events.deployed("production").size() == 2);

        // Then the same release rolls again with the new checksum
        Deployed rerolled = h.events.deployed("production").get(1);
        assertThat(rerolled.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(rerolled.revision()).isEqualTo(2);
        assertThat(rerolled.image()).isEqualTo(release(spec, '1').image());
        Deployment deployment = h.deployment("shop-prod", "shop");
        assertThat(deployment.getMetadata().getGeneration()).isGreaterThan(generation);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("slipway.dev/secrets-checksum", "sum-2");
        assertThat(h.events.contextsOf(Deployed.class).get(1).runId()).isEqualTo("run-7");

        // And an unchanged checksum does not roll it again
        engine.tick();
        engine.tick();
        assertThat(h.events.deployed("production")).hasSize(2);
    }
}

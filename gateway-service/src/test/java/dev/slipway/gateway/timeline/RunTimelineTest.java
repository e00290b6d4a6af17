package dev.slipway.gateway.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Stage;
import dev.slipway.contracts.events.ApprovalGiven;
import dev.slipway.contracts.events.DeployProgressed;
import dev.slipway.contracts.events.Deployed;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.contracts.fixtures.SampleEvents;

class RunTimelineTest {

    private final RunEvents run = new RunEvents("run-1");

    @Test
    void showsABuildRunningAfterTheCommitIsAccepted() {
        StoredEvent pushed = run.add(SampleEvents.commitPushed());

        RunView view = run.view();

        assertThat(view.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(view.app()).isEqualTo("hello");
        assertThat(view.commit()).isEqualTo(SampleEvents.commit());
        assertThat(view.stages()).extracting(StageView::stage, StageView::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Stage.ACCEPT, StageStatus.SUCCEEDED),
                org.assertj.core.groups.Tuple.tuple(Stage.BUILD, StageStatus.RUNNING));
        assertThat(view.stages().get(1).inputEventId()).isEqualTo(pushed.eventId());
    }

    @Test
    void timesEachStageFromItsInputToItsOutput() {
        run.add(SampleEvents.commitPushed());
        run.add(SampleEvents.imageBuilt());

        StageView build = stage(run.view(), Stage.BUILD, null);

        assertThat(build.status()).isEqualTo(StageStatus.SUCCEEDED);
        assertThat(build.durationMillis()).isEqualTo(1000L);
        assertThat(build.finishedAt()).isEqualTo(build.startedAt().plusSeconds(1));
    }

    @Test
    void failsTheRunWhenAStageFails() {
        StoredEvent pushed = run.add(SampleEvents.commitPushed());
        run.add(StageFailed.of("hello", Stage.BUILD, null, FailureReason.INVALID_INPUT, "build.sh exited with 2",
                List.of(), "commit-pushed", pushed.eventId(), 1));

        RunView view = run.view();

        assertThat(view.status()).isEqualTo(RunStatus.FAILED);
        StageView build = stage(view, Stage.BUILD, null);
        assertThat(build.status()).isEqualTo(StageStatus.FAILED);
        assertThat(build.reason()).isEqualTo("INVALID_INPUT");
        assertThat(build.message()).isEqualTo("build.sh exited with 2");
        assertThat(build.durationMillis()).isEqualTo(1000L);
    }

    @Test
    void runsAgainWhenTheFailedInputIsReplayed() {
        StoredEvent pushed = run.add(SampleEvents.commitPushed());
        run.add(StageFailed.of("hello", Stage.BUILD, null, FailureReason.UNAVAILABLE, "registry down", List.of(),
                "commit-pushed", pushed.eventId(), 5));
        run.add(SampleEvents.commitPushed(), pushed.eventId());

        assertThat(run.view().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(stage(run.view(), Stage.BUILD, null).status()).isEqualTo(StageStatus.RUNNING);
    }

    @Test
    void waitsForApprovalAndRunsOnOnceApproved() {
        run.add(SampleEvents.commitPushed());
        run.add(SampleEvents.imageBuilt());
        run.add(SampleEvents.chartPublished());
        run.add(deployed("staging", Deployed.Outcome.SUCCEEDED));
        StoredEvent gate = run.add(progressed("production", DeployProgressed.Phase.AWAITING_APPROVAL));

        assertThat(run.view().status()).isEqualTo(RunStatus.AWAITING_APPROVAL);
        StageView waiting = stage(run.view(), Stage.DEPLOY, "production");
        assertThat(waiting.status()).isEqualTo(StageStatus.AWAITING_APPROVAL);
        assertThat(waiting.lastEventId()).isEqualTo(gate.eventId());

        run.add(SampleEvents.approvalGiven());
        assertThat(run.view().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(stage(run.view(), Stage.DEPLOY, "production").message())
                .isEqualTo("approved by grace: change window open");
    }

    @Test
    void succeedsOnlyWhenEveryEnvironmentOfTheSpecIsDeployed() {
        run.add(SampleEvents.commitPushed());
        run.add(SampleEvents.imageBuilt());
        run.add(SampleEvents.chartPublished());
        assertThat(run.view().stages()).filteredOn(s -> s.stage() == Stage.DEPLOY)
                .extracting(StageView::environment, StageView::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("staging", StageStatus.PENDING),
                        org.assertj.core.groups.Tuple.tuple("production", StageStatus.PENDING));

        run.add(deployed("staging", Deployed.Outcome.SUCCEEDED));
        assertThat(run.view().status()).isEqualTo(RunStatus.RUNNING);

        run.add(deployed("production", Deployed.Outcome.SUCCEEDED));
        assertThat(run.view().status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void reportsARollbackAndASupersededRelease() {
        run.add(SampleEvents.commitPushed());
        run.add(SampleEvents.imageBuilt());
        run.add(SampleEvents.chartPublished());
        run.add(deployed("staging", Deployed.Outcome.SUCCEEDED));
        run.add(deployed("production", Deployed.Outcome.ROLLED_BACK));
        assertThat(run.view().status()).isEqualTo(RunStatus.ROLLED_BACK);

        RunEvents other = new RunEvents("run-2");
        other.add(SampleEvents.commitPushed());
        other.add(SampleEvents.imageBuilt());
        other.add(SampleEvents.chartPublished());
        other.add(deployed("staging", Deployed.Outcome.SUPERSEDED));
        assertThat(other.view().status()).isEqualTo(RunStatus.SUPERSEDED);
    }

    @Test
    void failsARunRejectedAtTheGate() {
        run.add(SampleEvents.commitPushed());
        run.add(SampleEvents.imageBuilt());
        run.add(SampleEvents.chartPublished());
        run.add(progressed("production", DeployProgressed.Phase.AWAITING_APPROVAL));
        run.add(new ApprovalGiven("hello", "production", ApprovalGiven.Decision.REJECTED, "grace", "freeze",
                SampleEvents.T0));
        run.add(deployed("production", Deployed.Outcome.REJECTED));

        assertThat(run.view().status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void replaysTheInputNamedByTheFailure() {
        StoredEvent first = run.add(SampleEvents.commitPushed());
        run.add(SampleEvents.imageBuilt());
        StoredEvent chartInput = run.add(SampleEvents.imageBuilt());
        run.add(StageFailed.of("hello", Stage.CHART, null, FailureReason.UNAVAILABLE, "registry down", List.of(),
                "image-built", chartInput.eventId(), 5));

        assertThat(RunTimeline.inputOf(Stage.CHART, run.events())).contains(chartInput);
        assertThat(RunTimeline.inputOf(Stage.BUILD, run.events())).contains(first);
        assertThat(RunTimeline.inputOf(Stage.BACKUP, run.events())).isEmpty();
        assertThat(RunTimeline.inputOf(Stage.ACCEPT, run.events())).isEmpty();
    }

    @Test
    void derivesTheSameRunWhateverOrderTheEventsArrivedIn() {
        run.add(SampleEvents.commitPushed());
        run.add(SampleEvents.imageBuilt());
        run.add(SampleEvents.chartPublished());
        run.add(deployed("staging", Deployed.Outcome.SUCCEEDED));
        List<StoredEvent> reversed = new java.util.ArrayList<>(run.events());
        java.util.Collections.reverse(reversed);

        assertThat(RunTimeline.derive("run-1", reversed)).isEqualTo(run.view());
    }

    @Test
    void recordsBackupsAndSecretsPerEnvironment() {
        run.add(SampleEvents.commitPushed());
        run.add(SampleEvents.secretsSynced());
        run.add(SampleEvents.backupRequested());
        run.add(SampleEvents.backupDone());

        assertThat(stage(run.view(), Stage.SECRETS, "production").status()).isEqualTo(StageStatus.SUCCEEDED);
        StageView backup = stage(run.view(), Stage.BACKUP, "production");
        assertThat(backup.status()).isEqualTo(StageStatus.SUCCEEDED);
        assertThat(backup.durationMillis()).isEqualTo(1000L);
    }

    private static DeployProgressed progressed(String environment, DeployProgressed.Phase phase) {
        return new DeployProgressed("hello", environment, "hello-" + environment, "hello", phase, "waiting for an SRE",
                List.of(), null);
    }

    private static Deployed deployed(String environment, Deployed.Outcome outcome) {
        Deployed sample = SampleEvents.deployed();
        return new Deployed("hello", environment, "hello-" + environment, sample.release(), outcome, sample.commit(),
                sample.image(), sample.chart(), sample.startedAt(), sample.finishedAt(),
                outcome == Deployed.Outcome.SUCCEEDED ? null : "analysis failed", sample.strategy(), 1, 0, "1 changed");
    }

    private static StageView stage(RunView view, Stage stage, String environment) {
        return view.stages().stream()
                .filter(s -> s.stage() == stage && java.util.Objects.equals(s.environment(), environment))
                .findFirst().orElseThrow(() -> new AssertionError("no stage " + stage + "/" + environment));
    }
}

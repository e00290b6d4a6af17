package dev.slipway.gateway.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Stage;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.DeployProgressed;
import dev.slipway.contracts.events.DeployProgressed.Action;
import dev.slipway.contracts.events.DeployProgressed.Phase;
import dev.slipway.contracts.events.DeployProgressed.PlannedChange;
import dev.slipway.contracts.events.Deployed;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.contracts.fixtures.SampleEvents;

class RunProgressTest {

    @Test
    void listsTheSpecsEnvironmentsInOrderBeforeAnyProgress() {
        RunEvents run = new RunEvents("run-1");
        run.add(SampleEvents.commitPushed());
        run.add(SampleEvents.imageBuilt());

        RunProgress progress = RunProgress.derive(run.events());

        assertThat(progress.environments()).extracting(RunProgress.EnvironmentProgress::environment)
                .containsExactly("staging", "production");
        RunProgress.EnvironmentProgress production = progress.environments().get(1);
        assertThat(production.strategy()).isEqualTo("CANARY");
        assertThat(production.canarySteps()).containsExactly(10, 25, 50);
        assertThat(production.approval()).isTrue();
        assertThat(production.namespace()).isEqualTo("hello-prod");
        assertThat(production.phase()).isNull();
        assertThat(production.plan()).isEmpty();
    }

    @Test
    void keepsTheLatestPlansChangesAndCountsTheUnchanged() {
        RunEvents run = new RunEvents("run-1");
        run.add(SampleEvents.commitPushed());
        run.add(SampleEvents.imageBuilt());
        run.add(SampleEvents.chartPublished());
        run.add(planned("staging", List.of(change("Deployment", Action.CHANGE), change("Service", Action.UNCHANGED))));
        run.add(planned("staging", List.of(change("Deployment", Action.CHANGE), change("Service", Action.UNCHANGED),
                change("ConfigMap", Action.CREATE), change("Ingress", Action.PRUNE))));
        run.add(progressed("staging", Phase.APPLIED, "applied 3 objects", null));

        RunProgress.EnvironmentProgress staging = RunProgress.derive(run.events()).environments().get(0);

        assertThat(staging.phase()).isEqualTo(Phase.APPLIED);
        assertThat(staging.message()).isEqualTo("applied 3 objects");
        assertThat(staging.plan()).extracting(PlannedChange::kind).containsExactly("Deployment", "ConfigMap",
                "Ingress");
        assertThat(staging.unchanged()).isEqualTo(1);
    }

    @Test
    void followsTheCanaryAndEndsWithTheDeployedOutcome() {
        RunEvents run = new RunEvents("run-1");
        run.add(SampleEvents.commitPushed());
        run.add(SampleEvents.imageBuilt());
        run.add(SampleEvents.chartPublished());
        run.add(progressed("production", Phase.CANARY_STEP, "step 1 of 3 at 10%",
                new DeployProgressed.CanaryProgress(1, 3, 10, 0, List.of())));
        run.add(SampleEvents.deployProgressed());

        RunProgress.EnvironmentProgress live = RunProgress.derive(run.events()).environments().get(1);
        assertThat(live.canary().weight()).isEqualTo(25);
        assertThat(live.canary().analysis()).extracting(DeployProgressed.AnalysisResult::name)
                .containsExactly("error-rate", "kubernetes");
        assertThat(live.canary().analysis().get(0).value()).isEqualTo(0.01);
        assertThat(live.outcome()).isNull();

        run.add(SampleEvents.deployed());
        RunProgress.EnvironmentProgress done = RunProgress.derive(run.events()).environments().get(1);
        assertThat(done.outcome()).isEqualTo(Deployed.Outcome.SUCCEEDED);
        assertThat(done.planSummary()).isEqualTo("0 created, 2 changed, 0 pruned");
        assertThat(done.revision()).isEqualTo(4);
        assertThat(done.canary().weight()).as("the last canary step stays visible").isEqualTo(25);
    }

    @Test
    void aNewChartStartsEveryEnvironmentAfresh() {
        RunEvents run = new RunEvents("run-1");
        run.add(SampleEvents.commitPushed());
        run.add(SampleEvents.imageBuilt());
        run.add(SampleEvents.chartPublished());
        run.add(planned("staging", List.of(change("Deployment", Action.CREATE))));
        run.add(new Deployed("hello", "staging", "hello-staging", "hello", Deployed.Outcome.ROLLED_BACK,
                SampleEvents.commit(), SampleEvents.image(), SampleEvents.chart(), SampleEvents.T0,
                SampleEvents.T0, "rollout did not finish", null, 1, 0, "1 created, 0 changed, 0 pruned"));
        assertThat(RunProgress.derive(run.events()).environments().get(0).outcomeReason())
                .isEqualTo("rollout did not finish");

        run.add(SampleEvents.chartPublished(), "chart-published-2");

        RunProgress.EnvironmentProgress staging = RunProgress.derive(run.events()).environments().get(0);
        assertThat(staging.outcome()).isNull();
        assertThat(staging.plan()).isEmpty();
        assertThat(staging.phase()).isNull();
        assertThat(staging.namespace()).isEqualTo("hello-staging");
    }

    @Test
    void keepsEveryFailureWithItsLogTail() {
        RunEvents run = new RunEvents("run-1");
        StoredEvent pushed = run.add(SampleEvents.commitPushed());
        StoredEvent failed = run.add(StageFailed.of("hello", Stage.BUILD, null, FailureReason.INVALID_INPUT,
                "build command './build.sh' exited with 2", List.of("compiling...", "error: missing ';'"),
                Topics.COMMIT_PUSHED, pushed.eventId(), 1));

        RunProgress progress = RunProgress.derive(run.events());

        assertThat(progress.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.eventId()).isEqualTo(failed.eventId());
            assertThat(failure.stage()).isEqualTo("BUILD");
            assertThat(failure.reason()).isEqualTo("INVALID_INPUT");
            assertThat(failure.retriable()).isFalse();
            assertThat(failure.logTail()).containsExactly("compiling...", "error: missing ';'");
            assertThat(failure.attempts()).isEqualTo(1);
        });
        assertThat(run.view().stages()).filteredOn(s -> s.stage() == Stage.BUILD).singleElement()
                .extracting(StageView::lastEventId).as("the run page finds the failure of a failed stage")
                .isEqualTo(failed.eventId());
    }

    @Test
    void skipsAnEventWhosePayloadDoesNotRead() {
        RunEvents run = new RunEvents("run-1");
        run.add(SampleEvents.commitPushed());
        StoredEvent good = run.add(SampleEvents.deployPlanned());
        StoredEvent broken = new StoredEvent("broken", good.topic(), good.type(), good.source(), good.app(),
                good.runId(), null, null, good.time().plusSeconds(1), "{\"environment\": [1, 2]}");

        RunProgress progress = RunProgress.derive(List.of(run.events().get(0), good, broken));

        assertThat(progress.environments()).singleElement().extracting(RunProgress.EnvironmentProgress::phase)
                .isEqualTo(Phase.PLANNED);
    }

    private static DeployProgressed planned(String environment, List<PlannedChange> plan) {
        return new DeployProgressed("hello", environment, "hello-" + environment, "hello", Phase.PLANNED,
                plan.size() + " objects", plan, null);
    }

    private static DeployProgressed progressed(String environment, Phase phase, String message,
            DeployProgressed.CanaryProgress canary) {
        return new DeployProgressed("hello", environment, "hello-" + environment, "hello", phase, message, List.of(),
                canary);
    }

    private static PlannedChange change(String kind, Action action) {
        return new PlannedChange(kind, "hello-staging", "hello", action,
                action == Action.CHANGE ? List.of("spec.replicas") : List.of());
    }
}

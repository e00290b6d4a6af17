package dev.slipway.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.slipway.contracts.events.DeployProgressed.AnalysisResult;
import dev.slipway.contracts.events.DeployProgressed.CanaryProgress;
import dev.slipway.contracts.fixtures.SampleEvents;

class RunRendererTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private static RunView.StageView stage(String stage, String environment, String status, Long millis,
            String reason, String message) {
        return new RunView.StageView(stage, environment, status, T0, millis == null ? null : T0.plusMillis(millis),
                millis, reason, message, null, null);
    }

    private static RunView run(String status, List<RunView.StageView> stages) {
        return new RunView("run-1", "hello", status, SampleEvents.commit(), T0, T0, stages, List.of());
    }

    @Test
    void showsEachStageWithStatusBarPercentAndDuration() {
        RunView run = run("RUNNING", List.of(stage("ACCEPT", null, "SUCCEEDED", 0L, null, null),
                stage("BUILD", null, "SUCCEEDED", 4_210L, null, null),
                stage("DEPLOY", "staging", "PENDING", null, null, null)));

        assertThat(RunRenderer.render(run, Map.of(), null)).containsExactly(
                "run run-1  hello  RUNNING  main@3f6c2a9e8b7d  [#############-------] 2/3",
                "  ACCEPT          SUCCEEDED          [####################] 100%  0ms",
                "  BUILD           SUCCEEDED          [####################] 100%  4.2s",
                "  DEPLOY staging  PENDING            [--------------------]   0%");
    }

    @Test
    void showsACanaryStepWithItsWeightAndAnalysisAgainstThresholds() {
        CanaryProgress canary = new CanaryProgress(2, 3, 25, 0, List.of(
                new AnalysisResult("error-rate", 0.0123, "<= 0.05", true, null),
                new AnalysisResult("kubernetes", null, "ready, no restarts", true, null)));
        RunView run = run("RUNNING", List.of(stage("DEPLOY", "production", "RUNNING", null, null,
                "step 2 of 3 at 25%: analysis passed")));

        String line = RunRenderer.render(run, Map.of("production", canary), T0.plusSeconds(75)).get(1);

        assertThat(line).isEqualTo("  DEPLOY production  RUNNING            [#####---------------]  25%  1m15s"
                + "   canary step 2/3 at 25%: error-rate 0.0123 (<= 0.05) ok, kubernetes (ready, no restarts) ok");
    }

    @Test
    void showsAFailingAnalysisAndTheFailuresSoFar() {
        CanaryProgress canary = new CanaryProgress(1, 3, 10, 2, List.of(
                new AnalysisResult("error-rate", 0.07, "<= 0.05", false, "0.07 > 0.05")));

        assertThat(RunRenderer.canary(canary))
                .isEqualTo("canary step 1/3 at 10%, 2 failed analyses: error-rate 0.07 (<= 0.05) FAILED");
    }

    @Test
    void showsAFailedStageWithItsReasonAndMessage() {
        RunView run = run("FAILED", List.of(stage("BUILD", null, "FAILED", 12_000L, "INVALID_INPUT",
                "build command './build.sh' exited with 2")));

        assertThat(RunRenderer.render(run, Map.of(), null).get(1)).isEqualTo(
                "  BUILD  FAILED             [xxxxxxxxxxxxxxxxxxxx]       12s"
                        + "     INVALID_INPUT: build command './build.sh' exited with 2");
    }

    @Test
    void aRunningStageWithoutAMeasureShowsItsElapsedTimeOnlyWhenAsked() {
        RunView.StageView building = new RunView.StageView("BUILD", null, "RUNNING", T0, null, null, null, null,
                null, null);

        assertThat(RunRenderer.stageLine(building, null, 5, T0.plusMillis(2_500)))
                .isEqualTo("  BUILD  RUNNING            [>-------------------]       2.5s");
        assertThat(RunRenderer.stageLine(building, null, 5, null))
                .isEqualTo("  BUILD  RUNNING            [>-------------------]");
    }

    @Test
    void aGatedEnvironmentSaysItWaitsForApproval() {
        RunView.StageView gated = stage("DEPLOY", "production", "AWAITING_APPROVAL", null, null,
                "waiting for an SRE");

        assertThat(RunRenderer.stageLine(gated, null, 17, null)).endsWith("0%          waiting for an SRE; "
                + "waiting for approval");
    }

    @Test
    void barsFillInProportion() {
        assertThat(RunRenderer.bar(0, '#')).isEqualTo("[--------------------]");
        assertThat(RunRenderer.bar(0.5, '#')).isEqualTo("[##########----------]");
        assertThat(RunRenderer.bar(1.7, '#')).isEqualTo("[####################]");
    }
}

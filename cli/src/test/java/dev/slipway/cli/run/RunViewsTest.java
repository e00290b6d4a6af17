package dev.slipway.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.contracts.Json;
import dev.slipway.contracts.events.DeployProgressed.CanaryProgress;
import dev.slipway.contracts.fixtures.SampleEvents;

class RunViewsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private static RunFollower.Snapshot snapshot(String status, String deployStatus,
            Map<String, CanaryProgress> canaries) {
        RunView run = new RunView("run-1", "hello", status, SampleEvents.commit(), T0, T0, List.of(
                new RunView.StageView("BUILD", null, "SUCCEEDED", T0, T0.plusSeconds(4), 4_000L, null, null, null,
                        null),
                new RunView.StageView("DEPLOY", "production", deployStatus, T0, null, null, null, null, null, null)),
                List.of());
        RunView.Detail detail = new RunView.Detail(run, List.of());
        JsonNode raw = Json.MAPPER.valueToTree(detail);
        return new RunFollower.Snapshot(raw, detail, canaries, T0.plusSeconds(10));
    }

    @Test
    void inAPipeEachStageLineIsPrintedAgainOnlyWhenItChanges() {
        StringWriter out = new StringWriter();
        RunFollower.View view = RunViews.changes(new PrintWriter(out));

        view.show(snapshot("RUNNING", "RUNNING", Map.of()));
        view.show(snapshot("RUNNING", "RUNNING", Map.of()));
        view.show(snapshot("RUNNING", "RUNNING", Map.of("production", new CanaryProgress(1, 3, 10, 0, List.of()))));
        view.show(snapshot("SUCCEEDED", "SUCCEEDED", Map.of()));

        assertThat(out.toString().lines().toList()).containsExactly(
                "run run-1  hello  RUNNING  main@3f6c2a9e8b7d  [##########----------] 1/2",
                "  BUILD              SUCCEEDED          [####################] 100%  4s",
                "  DEPLOY production  RUNNING            [>-------------------]",
                "  DEPLOY production  RUNNING            [##------------------]  10%          canary step 1/3 at 10%",
                "run run-1  hello  SUCCEEDED  main@3f6c2a9e8b7d  [####################] 2/2",
                "  DEPLOY production  SUCCEEDED          [####################] 100%");
    }

    @Test
    void onATerminalTheViewIsRedrawnInPlace() {
        StringWriter out = new StringWriter();
        RunFollower.View view = RunViews.redraw(new PrintWriter(out));

        view.show(snapshot("RUNNING", "RUNNING", Map.of()));
        int first = out.toString().length();
        view.show(snapshot("SUCCEEDED", "SUCCEEDED", Map.of()));

        assertThat(out.toString().substring(0, first)).doesNotContain("\033[")
                .contains("DEPLOY production  RUNNING            [>-------------------]       10s");
        assertThat(out.toString().substring(first)).startsWith("\033[3F\033[J").contains("2/2");
    }

    @Test
    void asJsonEachChangedAnswerIsOneLine() throws Exception {
        StringWriter out = new StringWriter();
        RunFollower.View view = RunViews.jsonLines(new PrintWriter(out));

        view.show(snapshot("RUNNING", "RUNNING", Map.of()));
        view.show(snapshot("RUNNING", "RUNNING", Map.of()));
        view.show(snapshot("SUCCEEDED", "SUCCEEDED", Map.of()));

        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(Json.MAPPER.readTree(lines.get(1)).path("run").path("status").asText()).isEqualTo("SUCCEEDED");
    }
}

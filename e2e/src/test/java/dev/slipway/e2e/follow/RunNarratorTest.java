package dev.slipway.e2e.follow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.contracts.Json;
import dev.slipway.contracts.Topics;

class RunNarratorTest {

    private final RunNarrator narrator = new RunNarrator();

    private static PipelineEvent event(String topic, String json, Instant time, String replayOf) throws Exception {
        JsonNode payload = Json.MAPPER.readTree(json);
        return new PipelineEvent(topic, "id-" + time.toEpochMilli(), "type", "run-12345678-abcd", null, replayOf,
                time, payload);
    }

    @Test
    void tellsEachCanaryAnalysisWithItsValuesAgainstTheirThresholds() throws Exception {
        String line = narrator.line(event(Topics.DEPLOY_PROGRESSED, """
                {"app": "hello", "environment": "production", "phase": "ANALYSIS",
                 "canary": {"step": 1, "steps": 2, "weight": 25, "failures": 1, "analysis": [
                   {"name": "error-rate", "value": 0.2916, "threshold": "<= 0.05", "passed": false,
                    "message": "0.2916 is above 0.05"},
                   {"name": "kubernetes", "value": 0, "threshold": "ready", "passed": true}]}}""",
                Instant.parse("2026-01-01T10:00:00Z"), null)).orElseThrow();

        assertThat(line).contains("run run-1234", "deploy", "production: analysis of step 1/2",
                "error-rate 0.292 (<= 0.05) FAIL: 0.2916 is above 0.05", "kubernetes 0.000 (ready) pass");
    }

    @Test
    void tellsAnInconclusiveCheckApartFromAFailedOne() throws Exception {
        String line = narrator.line(event(Topics.DEPLOY_PROGRESSED, """
                {"app": "hello", "environment": "production", "phase": "ANALYSIS",
                 "canary": {"step": 1, "steps": 2, "weight": 25, "failures": 0, "analysis": [
                   {"name": "error-rate", "value": null, "threshold": "<= 0.05", "passed": false,
                    "message": "inconclusive: the query returned no data"}]}}""",
                Instant.parse("2026-01-01T10:00:00Z"), null)).orElseThrow();

        assertThat(line).contains("error-rate inconclusive: the query returned no data").doesNotContain("FAIL");
    }

    @Test
    void givesTheChartStageTheTimeSinceItsImageWasBuilt() throws Exception {
        narrator.line(event(Topics.IMAGE_BUILT, """
                {"app": "hello", "image": {"repository": "r/apps/hello", "digest": "sha256:abc"}, "layerCount": 2,
                 "sizeBytes": 2048, "buildMillis": 1500}""", Instant.parse("2026-01-01T10:00:00Z"), null));
        String line = narrator.line(event(Topics.CHART_PUBLISHED, """
                {"app": "hello", "chart": {"repository": "oci://r/charts", "name": "hello", "version": "0.0.0-abc"}}""",
                Instant.parse("2026-01-01T10:00:02.500Z"), null)).orElseThrow();

        assertThat(line).contains("chart", "done in 2.5s: chart oci://r/charts/hello:0.0.0-abc");
    }

    @Test
    void tellsAnOutcomeWithItsDurationAndAReplayAsAReplay() throws Exception {
        String deployed = narrator.line(event(Topics.DEPLOYED, """
                {"app": "hello", "environment": "production", "outcome": "ROLLED_BACK", "strategy": "CANARY",
                 "revision": 3, "canarySteps": 1, "startedAt": "2026-01-01T10:00:00Z",
                 "finishedAt": "2026-01-01T10:00:04.200Z", "reason": "analysis failed at step 1/2"}""",
                Instant.parse("2026-01-01T10:00:04.200Z"), null)).orElseThrow();
        String replayed = narrator.line(event(Topics.CHART_PUBLISHED, """
                {"app": "hello", "chart": {"version": "0.0.0-abc"}}""", Instant.parse("2026-01-01T10:01:00Z"),
                "original-id")).orElseThrow();

        assertThat(deployed).contains("production: ROLLED_BACK in 4.2s (canary, revision 3, 1 canary steps)",
                "analysis failed at step 1/2");
        assertThat(replayed).contains("replayed by an SRE: deploying 0.0.0-abc again");
    }
}

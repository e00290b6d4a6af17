package dev.slipway.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.slipway.contracts.Json;
import dev.slipway.contracts.Topics;
import dev.slipway.e2e.follow.PipelineEvent;
import dev.slipway.e2e.services.Service;

class RunLedgerTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private static final List<String> ENVIRONMENTS = List.of("staging", "production");

    private final List<PipelineEvent> events = new ArrayList<>();

    @Test
    void aRunFinishesWhenEveryEnvironmentHasItsOutcomeOrAStageFailed() {
        pushed("r1", "web", 0);
        event("r1", Topics.IMAGE_BUILT, 5, null, Map.of());
        event("r1", Topics.CHART_PUBLISHED, 7, null, Map.of());
        deployed("r1", "web", "staging", "SUCCEEDED", 10);
        pushed("r2", "web", 1);
        event("r2", Topics.STAGE_FAILED, 3, null, Map.of("stage", "BUILD"));
        pushed("r3", "web", 2);
        deployed("r3", "web", "staging", "ROLLED_BACK", 9);

        RunLedger ledger = ledger(Map.of());

        assertThat(ledger.finished("r1")).as("production has no outcome yet").isFalse();
        assertThat(ledger.finished("r2")).as("its build failed").isTrue();
        assertThat(ledger.finished("r3")).as("staging rolled back: production never starts").isTrue();
        assertThat(ledger.unfinished()).containsExactly("r1");

        deployed("r1", "web", "production", "SUCCEEDED", 20);
        assertThat(ledger(Map.of()).unfinished()).isEmpty();
        assertThat(ledger(Map.of()).finishedAt("r1")).contains(T0.plusSeconds(20));
    }

    @Test
    void runsOfOtherApplicationsAreLeftOutAndAcceptedRunsWithoutEventsAreKept() {
        pushed("r1", "web", 0);
        pushed("r9", "someone-else", 0);

        RunLedger ledger = ledger(Map.of("r5", "web"));

        assertThat(ledger.runs()).containsExactlyInAnyOrder("r1", "r5");
        assertThat(ledger.withoutEvents()).containsExactly("r5");
        assertThat(ledger.app("r5")).isEqualTo("web");
    }

    @Test
    void reportsTwoOutcomesTwoAppliesAndTwoPromotionsButNotARepeatedOutcome() {
        pushed("r1", "web", 0);
        deployed("r1", "web", "staging", "SUCCEEDED", 10);
        deployed("r1", "web", "staging", "SUCCEEDED", 11);
        deployed("r1", "web", "production", "SUCCEEDED", 20);
        event("r1", Topics.DEPLOYED, 21, "production", Map.of("app", "web", "outcome", "ROLLED_BACK", "reason",
                "analysis failed"));
        progressed("r1", "staging", "APPLIED", 1, 0, 8);
        progressed("r1", "staging", "APPLIED", 1, 0, 9);
        progressed("r1", "production", "PROMOTED", 3, 2, 19);
        progressed("r1", "production", "PROMOTED", 3, 2, 19);
        progressed("r1", "production", "APPLIED", 3, 1, 15);
        progressed("r1", "production", "APPLIED", 3, 2, 17);

        RunLedger ledger = ledger(Map.of());

        assertThat(ledger.duplicates()).containsExactlyInAnyOrder(
                "r1 web/production: outcomes [SUCCEEDED, ROLLED_BACK] [ROLLED_BACK: analysis failed]",
                "r1 web: APPLIED 2 times for staging 1 step 0",
                "r1 web: PROMOTED 2 times for production 3 step 2");
        assertThat(ledger.repeatedOutcomes()).isEqualTo(1);
    }

    @Test
    void aRunThatDeploysAfterItsBuildFailedIsADuplicate() {
        pushed("r1", "web", 0);
        event("r1", Topics.STAGE_FAILED, 3, null, Map.of("stage", "BUILD"));
        deployed("r1", "web", "staging", "SUCCEEDED", 10);

        assertThat(ledger(Map.of()).duplicates()).containsExactly(
                "r1 web: a stage failed before deploy, yet it deployed");
    }

    @Test
    void knowsWhichServiceARunIsWithAndHowLongThatPartTakes() {
        pushed("r1", "web", 0);
        event("r1", Topics.IMAGE_BUILT, 4, null, Map.of());
        event("r1", Topics.CHART_PUBLISHED, 6, null, Map.of());
        deployed("r1", "web", "staging", "SUCCEEDED", 10);
        deployed("r1", "web", "production", "SUCCEEDED", 16);
        pushed("r2", "web", 30);
        event("r2", Topics.IMAGE_BUILT, 36, null, Map.of());

        RunLedger ledger = ledger(Map.of());

        assertThat(ledger.inFlightSince(Service.BUILD, "r2")).isEmpty();
        assertThat(ledger.inFlightSince(Service.CHART, "r2")).contains(T0.plusSeconds(36));
        assertThat(ledger.inFlightSince(Service.GATEWAY, "r2")).contains(T0.plusSeconds(30));
        assertThat(ledger.inFlightSince(Service.DEPLOY, "r2")).isEmpty();
        assertThat(ledger.inFlightSince(Service.CHART, "r1")).as("finished").isEmpty();
        assertThat(ledger.medianStageTime(Service.BUILD)).contains(Duration.ofSeconds(6));
        assertThat(ledger.medianStageTime(Service.DEPLOY)).contains(Duration.ofSeconds(10));
        assertThat(ledger.medianStageTime(Service.BACKUP)).isEmpty();
    }

    @Test
    void theLastSuccessfulReleaseIsTheNewestSucceededDeployedOfTheApp() {
        pushed("r1", "web", 0);
        deployed("r1", "web", "production", "SUCCEEDED", 10);
        pushed("r2", "web", 20);
        deployed("r2", "web", "production", "SUCCEEDED", 30);
        pushed("r3", "web", 40);
        deployed("r3", "web", "production", "ROLLED_BACK", 50);

        assertThat(RunLedger.lastSucceeded(events, "web", "production")).hasValueSatisfying(
                e -> assertThat(e.runId()).isEqualTo("r2"));
        assertThat(RunLedger.lastSucceeded(events, "web", "staging")).isEmpty();
    }

    private RunLedger ledger(Map<String, String> known) {
        return new RunLedger(events, Set.of("web"), known, ENVIRONMENTS);
    }

    private void pushed(String run, String app, int second) {
        event(run, Topics.COMMIT_PUSHED, second, null, Map.of("app", app));
    }

    private void deployed(String run, String app, String environment, String outcome, int second) {
        event(run, Topics.DEPLOYED, second, environment, Map.of("app", app, "outcome", outcome));
    }

    private void progressed(String run, String environment, String phase, int release, int step, int second) {
        ObjectNode payload = payload(environment, Map.of("phase", phase, "release", String.valueOf(release)));
        payload.putObject("canary").put("step", step);
        add(run, Topics.DEPLOY_PROGRESSED, second, payload);
    }

    private void event(String run, String topic, int second, String environment, Map<String, String> fields) {
        add(run, topic, second, payload(environment, fields));
    }

    private static ObjectNode payload(String environment, Map<String, String> fields) {
        ObjectNode payload = Json.MAPPER.createObjectNode();
        fields.forEach(payload::put);
        if (environment != null) {
            payload.put("environment", environment);
        }
        return payload;
    }

    private void add(String run, String topic, int second, ObjectNode payload) {
        events.add(new PipelineEvent(topic, "e" + events.size(), "dev.slipway." + topic, run, null, null,
                T0.plusSeconds(second), payload));
    }
}

package dev.slipway.gateway.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Stage;
import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.contracts.events.Event;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.contracts.fixtures.SampleEvents;
import dev.slipway.gateway.timeline.StoredEvent;

class SubscriptionFilterTest {

    private static final StoredEvent DEPLOYED = stored(SampleEvents.deployed());
    private static final StoredEvent PUSHED = stored(SampleEvents.commitPushed());
    private static final StoredEvent FAILED = stored(StageFailed.of("hello", Stage.BUILD, null,
            FailureReason.INVALID_INPUT, "bad", List.of(), "commit-pushed", "e-1", 1));

    @Test
    void acceptsEverythingWithoutFilters() {
        SubscriptionFilter any = new SubscriptionFilter(List.of(), List.of(), List.of(), List.of());

        assertThat(List.of(DEPLOYED, PUSHED, FAILED)).allMatch(any::matches);
    }

    @Test
    void narrowsByApplicationAndType() {
        assertThat(new SubscriptionFilter(List.of("hello"), List.of(), List.of("dev.slipway.deployed.v1"), List.of())
                .matches(DEPLOYED)).isTrue();
        assertThat(new SubscriptionFilter(List.of("other"), List.of(), List.of(), List.of()).matches(DEPLOYED))
                .isFalse();
        assertThat(new SubscriptionFilter(List.of(), List.of(), List.of("dev.slipway.deployed.v1"), List.of())
                .matches(PUSHED)).isFalse();
    }

    @Test
    void narrowsByEnvironmentOnlyEventsThatNameOne() {
        SubscriptionFilter production = new SubscriptionFilter(List.of(), List.of("production"), List.of(),
                List.of());

        assertThat(production.matches(DEPLOYED)).isTrue();
        assertThat(production.matches(PUSHED)).isFalse();
        assertThat(new SubscriptionFilter(List.of(), List.of("staging"), List.of(), List.of()).matches(DEPLOYED))
                .isFalse();
    }

    @Test
    void treatsAStageFailureAsTheOutcomeFailed() {
        SubscriptionFilter failures = new SubscriptionFilter(List.of(), List.of(), List.of(),
                List.of("FAILED", "ROLLED_BACK"));

        assertThat(failures.matches(FAILED)).isTrue();
        assertThat(failures.matches(DEPLOYED)).isFalse();
        assertThat(failures.matches(PUSHED)).isFalse();
    }

    @Test
    void acceptsTopicNamesForTypesAndReportsUnknownOnes() {
        SubscriptionRequest request = new SubscriptionRequest("team", "https://hooks.example.test/slipway", "s",
                List.of("hello"), null, List.of("deployed", "dev.slipway.stage.failed.v1"), List.of("succeeded"));

        assertThat(request.problems()).isEmpty();
        assertThat(request.checked().filter()).isEqualTo(new SubscriptionFilter(List.of("hello"), List.of(),
                List.of("dev.slipway.deployed.v1", "dev.slipway.stage.failed.v1"), List.of("SUCCEEDED")));
        assertThat(new SubscriptionRequest(" ", "ftp://x", null, null, null, List.of("nope"), null).problems())
                .containsExactly("name: is required", "url: must be an absolute http or https URL",
                        "secret: is required", "eventTypes: unknown event type 'nope'");
        assertThat(request.toString()).doesNotContain("s,").contains("[redacted]");
    }

    private static StoredEvent stored(Event payload) {
        return StoredEvent.of(payload, "test", RunContext.start("run-1"), "id-" + payload.getClass().getSimpleName(),
                Instant.parse("2026-11-23T10:00:00Z"));
    }
}

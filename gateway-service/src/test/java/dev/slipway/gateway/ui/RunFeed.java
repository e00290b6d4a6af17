package dev.slipway.gateway.ui;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import dev.slipway.contracts.EventKind;
import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Stage;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.events.CommitPushed;
import dev.slipway.contracts.events.CommitRef;
import dev.slipway.contracts.events.DeployProgressed;
import dev.slipway.contracts.events.Deployed;
import dev.slipway.contracts.events.Event;
import dev.slipway.contracts.events.ImageBuilt;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.contracts.fixtures.SampleEvents;
import dev.slipway.contracts.spec.EnvironmentSpec;
import dev.slipway.testkit.kafka.CloudEventsClient;
import dev.slipway.testkit.kafka.OutgoingEvent;

/**
 * The events of one run of an application of its own, put on the real broker the way the other services would, each
 * caused by the one before unless said otherwise.
 */
final class RunFeed {

    final String app;
    final String runId = UUID.randomUUID().toString();
    private final CloudEventsClient kafka;
    private OutgoingEvent last;

    private final OffsetDateTime time;

    /** A run of an application of its own, named {@code <prefix>-<random>}, whose events are timed as they are sent. */
    RunFeed(CloudEventsClient kafka, String prefix) {
        this.kafka = kafka;
        this.app = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.time = null;
    }

    /** A run of {@code app} whose events all carry {@code time}. */
    RunFeed(CloudEventsClient kafka, String app, OffsetDateTime time) {
        this.kafka = kafka;
        this.app = app;
        this.time = time;
    }

    OutgoingEvent send(Event payload) {
        return send(payload, last == null ? null : last.id());
    }

    OutgoingEvent send(Event payload, String causationId) {
        EventKind kind = EventKind.of(payload.getClass());
        OutgoingEvent event = OutgoingEvent.of(kind.type(), payload.app(), payload).withRunId(runId)
                .withCausationId(causationId).withTime(time != null ? time : OffsetDateTime.now(ZoneOffset.UTC));
        kafka.send(kind.topic(), event);
        last = event;
        return event;
    }

    CommitRef commit() {
        return new CommitRef("github", "team/" + app, "https://git.example.test/team/" + app + ".git", "main",
                SampleEvents.SHA);
    }

    CommitPushed pushed() {
        return new CommitPushed(app, commit(), "1234567890".repeat(4), "ada", "Say hello", Instant.now(),
                UUID.randomUUID().toString());
    }

    ImageBuilt built() {
        return new ImageBuilt(app, commit(), SampleEvents.image(), null, 1_843_200, 2, 4_210, SampleEvents.spec());
    }

    ChartPublished chart() {
        return new ChartPublished(app, commit(), SampleEvents.image(), SampleEvents.chart(), SampleEvents.spec());
    }

    DeployProgressed progressed(String environment, DeployProgressed.Phase phase, String message,
            List<DeployProgressed.PlannedChange> plan, DeployProgressed.CanaryProgress canary) {
        return new DeployProgressed(app, environment, namespace(environment), app, phase, message, plan, canary);
    }

    Deployed deployed(String environment, Deployed.Outcome outcome, String reason, String planSummary) {
        EnvironmentSpec.Strategy strategy = environment.equals("production")
                ? EnvironmentSpec.Strategy.CANARY
                : EnvironmentSpec.Strategy.ROLLING;
        return new Deployed(app, environment, namespace(environment), app, outcome, commit(), SampleEvents.image(),
                SampleEvents.chart(), Instant.now().minusSeconds(5), Instant.now(), reason, strategy, 1,
                strategy == EnvironmentSpec.Strategy.CANARY ? 3 : 0, planSummary);
    }

    StageFailed chartFailed(String inputEventId) {
        return StageFailed.of(app, Stage.CHART, null, FailureReason.UNAVAILABLE, "registry did not answer",
                List.of("pushing oci://127.0.0.1:5000/charts/hello", "dial tcp 127.0.0.1:5000: connection refused"),
                Topics.IMAGE_BUILT, inputEventId, 5);
    }

    private static String namespace(String environment) {
        return environment.equals("production") ? "hello-prod" : "hello-" + environment;
    }
}

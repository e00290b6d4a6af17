package dev.slipway.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.slipway.contracts.EventKind;
import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Stage;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.ApprovalGiven;
import dev.slipway.contracts.events.DeployProgressed;
import dev.slipway.contracts.events.Event;
import dev.slipway.contracts.events.ImageBuilt;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.contracts.fixtures.SampleEvents;
import dev.slipway.gateway.support.Gateway;
import dev.slipway.testkit.kafka.CloudEventsClient;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.kafka.OutgoingEvent;
import dev.slipway.testkit.kafka.ReceivedEvent;
import dev.slipway.testkit.postgres.PostgresTestResource;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Gateway.OUTGOING),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Gateway.TOPICS)})
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = PostgresTestResource.DATABASE, value = "gateway"))
class ReplayAndApprovalApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final CloudEventsClient kafka = Gateway.kafka();

    @Test
    void replaysAFailedStagesInputWithANewIdAndReplayOf() {
        String runId = UUID.randomUUID().toString();
        OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1);
        OutgoingEvent pushed = send(runId, null, SampleEvents.commitPushed(), t0);
        OutgoingEvent built = send(runId, pushed.id(), SampleEvents.imageBuilt(), t0.plusSeconds(1));
        send(runId, built.id(), StageFailed.of("hello", Stage.CHART, null, FailureReason.UNAVAILABLE,
                "registry did not answer", List.of(), Topics.IMAGE_BUILT, built.id(), 5), t0.plusSeconds(2));
        awaitStage(runId, "CHART", "FAILED");

        String newId = Gateway.as(Gateway.SRE).body(Map.of("reason", "registry is back"))
                .post("/api/runs/" + runId + "/stages/chart/replay").then().statusCode(202)
                .body("replayOf", is(built.id()), "requestedBy", is("test-sre"), "forced", is(false),
                        "topic", is(Topics.IMAGE_BUILT), "eventId", notNullValue())
                .extract().path("eventId");

        ReceivedEvent replayed = kafka.await(Topics.IMAGE_BUILT, e -> newId.equals(e.id()), "the replay", WAIT);
        assertThat(replayed.type()).isEqualTo(EventTypes.IMAGE_BUILT);
        assertThat(replayed.runId()).isEqualTo(runId);
        assertThat(replayed.replayOf()).isEqualTo(built.id());
        assertThat(replayed.causationId()).isEqualTo(pushed.id());
        assertThat(replayed.key()).isEqualTo("hello");
        assertThat(replayed.payload(ImageBuilt.class)).isEqualTo(SampleEvents.imageBuilt());
        Gateway.as(Gateway.VIEWER).get("/api/runs/" + runId).then().statusCode(200)
                .body("run.stages.find { it.stage == 'CHART' }.status", is("RUNNING"),
                        "replays[0].reason", is("registry is back"), "replays[0].requestedBy", is("test-sre"));
    }

    @Test
    void refusesToReplayAStageThatHasNotFailedUnlessForced() {
        String runId = UUID.randomUUID().toString();
        OutgoingEvent pushed = send(runId, null, SampleEvents.commitPushed(), OffsetDateTime.now(ZoneOffset.UTC));
        awaitStage(runId, "BUILD", "RUNNING");

        Gateway.as(Gateway.SRE).body(Map.of("reason", "just because"))
                .post("/api/runs/" + runId + "/stages/build/replay").then().statusCode(409);
        String newId = Gateway.as(Gateway.SRE).queryParam("force", true).body(Map.of("reason", "builder upgraded"))
                .post("/api/runs/" + runId + "/stages/build/replay").then().statusCode(202)
                .body("forced", is(true)).extract().path("eventId");

        ReceivedEvent replayed = kafka.await(Topics.COMMIT_PUSHED, e -> newId.equals(e.id()), "the replay", WAIT);
        assertThat(replayed.replayOf()).isEqualTo(pushed.id());
        assertThat(replayed.runId()).isEqualTo(runId);
    }

    @Test
    void refusesReplaysThatCannotOrMayNotHappen() {
        String runId = UUID.randomUUID().toString();
        send(runId, null, SampleEvents.commitPushed(), OffsetDateTime.now(ZoneOffset.UTC));
        awaitStage(runId, "BUILD", "RUNNING");
        String path = "/api/runs/" + runId + "/stages/build/replay";

        Gateway.as(Gateway.VIEWER).body(Map.of("reason", "r")).post(path).then().statusCode(403);
        io.restassured.RestAssured.given().contentType("application/json").body(Map.of("reason", "r")).post(path)
                .then().statusCode(401);
        Gateway.as(Gateway.SRE).queryParam("force", true).body(Map.of()).post(path).then().statusCode(400);
        Gateway.as(Gateway.SRE).body(Map.of("reason", "r")).post("/api/runs/" + runId + "/stages/accept/replay")
                .then().statusCode(400);
        Gateway.as(Gateway.SRE).body(Map.of("reason", "r")).post("/api/runs/" + runId + "/stages/chart/replay")
                .then().statusCode(404);
        Gateway.as(Gateway.SRE).body(Map.of("reason", "r")).post("/api/runs/" + runId + "/stages/nope/replay")
                .then().statusCode(404);
        Gateway.as(Gateway.SRE).body(Map.of("reason", "r")).post("/api/runs/" + UUID.randomUUID()
                + "/stages/build/replay").then().statusCode(404);
    }

    @Test
    void approvesAWaitingEnvironmentOnce() {
        String runId = UUID.randomUUID().toString();
        OutgoingEvent gate = waitingForApproval(runId);

        String eventId = Gateway.as(Gateway.SRE).body(Map.of("reason", "change window open"))
                .post("/api/runs/" + runId + "/environments/production/approve").then().statusCode(202)
                .body("decision", is("APPROVED"), "by", is("test-sre")).extract().path("eventId");

        ReceivedEvent approval = kafka.await(Topics.APPROVAL_GIVEN, e -> eventId.equals(e.id()), "the approval",
                WAIT);
        assertThat(approval.runId()).isEqualTo(runId);
        assertThat(approval.causationId()).isEqualTo(gate.id());
        assertThat(approval.key()).isEqualTo("hello");
        ApprovalGiven payload = approval.payload(ApprovalGiven.class);
        assertThat(payload.decision()).isEqualTo(ApprovalGiven.Decision.APPROVED);
        assertThat(payload.environment()).isEqualTo("production");
        assertThat(payload.by()).isEqualTo("test-sre");
        assertThat(payload.reason()).isEqualTo("change window open");

        Gateway.as(Gateway.SRE).body(Map.of("reason", "again"))
                .post("/api/runs/" + runId + "/environments/production/approve").then().statusCode(409);
        Gateway.as(Gateway.SRE).body(Map.of("reason", "too late"))
                .post("/api/runs/" + runId + "/environments/production/reject").then().statusCode(409);
    }

    @Test
    void rejectsAWaitingEnvironmentOnlyWithAReasonAndOnlyAsSre() {
        String runId = UUID.randomUUID().toString();
        waitingForApproval(runId);
        String path = "/api/runs/" + runId + "/environments/production/reject";

        Gateway.as(Gateway.VIEWER).body(Map.of("reason", "no")).post(path).then().statusCode(403);
        Gateway.as(Gateway.SRE).body(Map.of()).post(path).then().statusCode(400);
        Gateway.as(Gateway.SRE).body(Map.of("reason", "x")).post("/api/runs/" + runId
                + "/environments/staging/approve").then().statusCode(409);
        String eventId = Gateway.as(Gateway.ADMIN).body(Map.of("reason", "code freeze")).post(path).then()
                .statusCode(202).body("decision", is("REJECTED")).extract().path("eventId");

        ReceivedEvent rejection = kafka.await(Topics.APPROVAL_GIVEN, e -> eventId.equals(e.id()), "the rejection",
                WAIT);
        assertThat(rejection.payload(ApprovalGiven.class).reason()).isEqualTo("code freeze");
    }

    private OutgoingEvent waitingForApproval(String runId) {
        OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1);
        OutgoingEvent pushed = send(runId, null, SampleEvents.commitPushed(), t0);
        OutgoingEvent built = send(runId, pushed.id(), SampleEvents.imageBuilt(), t0.plusSeconds(1));
        OutgoingEvent chart = send(runId, built.id(), SampleEvents.chartPublished(), t0.plusSeconds(2));
        OutgoingEvent gate = send(runId, chart.id(), new DeployProgressed("hello", "production", "hello-prod",
                "hello", DeployProgressed.Phase.AWAITING_APPROVAL, "production needs an approval", List.of(), null),
                t0.plusSeconds(3));
        awaitStatus(runId, "AWAITING_APPROVAL");
        return gate;
    }

    private void awaitStage(String runId, String stage, String status) {
        await().atMost(WAIT).untilAsserted(() -> Gateway.as(Gateway.VIEWER).get("/api/runs/" + runId).then()
                .statusCode(200).body("run.stages.find { it.stage == '" + stage + "' }.status", is(status)));
    }

    private void awaitStatus(String runId, String status) {
        await().atMost(WAIT).untilAsserted(() -> Gateway.as(Gateway.VIEWER).get("/api/runs/" + runId).then()
                .statusCode(200).body("run.status", is(status)));
    }

    private OutgoingEvent send(String runId, String causationId, Event payload, OffsetDateTime time) {
        OutgoingEvent event = OutgoingEvent.of(EventKind.of(payload.getClass()).type(), payload.app(), payload)
                .withRunId(runId).withCausationId(causationId).withTime(time);
        kafka.send(EventKind.of(payload.getClass()).topic(), event);
        return event;
    }
}

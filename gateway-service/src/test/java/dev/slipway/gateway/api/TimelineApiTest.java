package dev.slipway.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.slipway.contracts.EventKind;
import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Stage;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.CommitPushed;
import dev.slipway.contracts.events.Event;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.contracts.fixtures.SampleEvents;
import dev.slipway.gateway.support.Gateway;
import dev.slipway.testkit.kafka.CloudEventsClient;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.kafka.OutgoingEvent;
import dev.slipway.testkit.kafka.ReceivedEvent;
import dev.slipway.testkit.postgres.PostgresTestResource;

/** Events of other services arrive on their topics; the gateway keeps them and derives each run from them. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Gateway.OUTGOING),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Gateway.TOPICS)})
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = PostgresTestResource.DATABASE, value = "gateway"))
class TimelineApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final CloudEventsClient kafka = Gateway.kafka();

    @Inject
    DataSource dataSource;

    @Test
    void buildsTheRunFromTheEventsOfEveryStage() {
        String runId = UUID.randomUUID().toString();
        OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5);
        String pushed = send(runId, null, SampleEvents.commitPushed(), t0);
        String built = send(runId, pushed, SampleEvents.imageBuilt(), t0.plusSeconds(42));
        send(runId, built, SampleEvents.chartPublished(), t0.plusSeconds(50));

        await().atMost(WAIT).untilAsserted(() -> Gateway.as(Gateway.VIEWER).get("/api/runs/" + runId).then()
                .statusCode(200)
                .body("run.status", is("RUNNING"), "run.commit.sha", is(SampleEvents.SHA),
                        "run.stages.find { it.stage == 'BUILD' }.status", is("SUCCEEDED"),
                        "run.stages.find { it.stage == 'BUILD' }.durationMillis", is(42_000),
                        "run.stages.find { it.stage == 'CHART' }.status", is("SUCCEEDED"),
                        "run.stages.findAll { it.stage == 'DEPLOY' }.environment", is(List.of("staging",
                                "production")),
                        "run.events.size()", is(3)));
    }

    @Test
    void keepsEachEventOnceHoweverOftenItArrives() throws Exception {
        String runId = UUID.randomUUID().toString();
        OutgoingEvent event = event(runId, null, SampleEvents.commitPushed(), OffsetDateTime.now(ZoneOffset.UTC));
        kafka.send(Topics.COMMIT_PUSHED, event);
        kafka.send(Topics.COMMIT_PUSHED, event);
        String marker = send(runId, event.id(), SampleEvents.imageBuilt(), OffsetDateTime.now(ZoneOffset.UTC));

        await().atMost(WAIT).until(() -> storedIds(runId).contains(marker));
        assertThat(storedIds(runId)).containsExactlyInAnyOrder(event.id(), marker);
    }

    @Test
    void filtersRunsByApplicationAndStatusNewestFirst() {
        String app = "filter-" + UUID.randomUUID().toString().substring(0, 8);
        String failed = UUID.randomUUID().toString();
        String running = UUID.randomUUID().toString();
        OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1);
        String first = send(failed, null, pushedFor(app), t0);
        send(failed, first, StageFailed.of(app, Stage.BUILD, null, FailureReason.INVALID_INPUT, "bad slipway.yaml",
                List.of(), Topics.COMMIT_PUSHED, first, 1), t0.plusSeconds(1));
        send(running, null, pushedFor(app), t0.plusSeconds(2));

        await().atMost(WAIT).untilAsserted(() -> Gateway.as(Gateway.VIEWER).queryParam("app", app)
                .get("/api/runs").then().statusCode(200).body("runId", is(List.of(running, failed))));
        Gateway.as(Gateway.VIEWER).queryParam("app", app).queryParam("status", "failed").get("/api/runs").then()
                .statusCode(200).body("runId", is(List.of(failed)), "[0].status", is("FAILED"));
        Gateway.as(Gateway.VIEWER).queryParam("app", app).queryParam("limit", 1).get("/api/runs").then()
                .statusCode(200).body("runId", is(List.of(running)));
        Gateway.as(Gateway.VIEWER).queryParam("status", "sideways").get("/api/runs").then().statusCode(400);
        Gateway.as(Gateway.VIEWER).get("/api/runs/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void sendsAnUnreadableRecordToItsTopicsDeadLetterTopicAndMovesOn() throws Exception {
        String runId = UUID.randomUUID().toString();
        OutgoingEvent poison = OutgoingEvent.of(EventTypes.IMAGE_BUILT, "hello", "{not json").withRunId(runId);
        kafka.send(Topics.IMAGE_BUILT, poison);
        String after = send(runId, null, SampleEvents.imageBuilt(), OffsetDateTime.now(ZoneOffset.UTC));

        ReceivedEvent dead = kafka.await(Topics.dlq(Topics.IMAGE_BUILT), e -> poison.id().equals(e.id()),
                "the poison record", WAIT);
        assertThat(dead.header("dead-letter-reason")).contains("not JSON");
        assertThat(dead.header("dead-letter-topic")).isEqualTo(Topics.IMAGE_BUILT);
        await().atMost(WAIT).until(() -> storedIds(runId).contains(after));
        assertThat(storedIds(runId)).doesNotContain(poison.id());
        Gateway.as(Gateway.VIEWER).get("/api/runs/" + runId).then().statusCode(200)
                .body("run.events.eventId", not(hasItem(poison.id())));
    }

    @Test
    void refusesTheTimelineToCallersWithoutAToken() {
        io.restassured.RestAssured.get("/api/runs").then().statusCode(401);
        Gateway.as("forged").get("/api/runs").then().statusCode(401);
    }

    private static CommitPushed pushedFor(String app) {
        CommitPushed sample = SampleEvents.commitPushed();
        return new CommitPushed(app, sample.commit(), sample.before(), sample.author(), sample.message(),
                sample.pushedAt(), UUID.randomUUID().toString());
    }

    private String send(String runId, String causationId, Event payload, OffsetDateTime time) {
        OutgoingEvent event = event(runId, causationId, payload, time);
        kafka.send(EventKind.of(payload.getClass()).topic(), event);
        return event.id();
    }

    private static OutgoingEvent event(String runId, String causationId, Event payload, OffsetDateTime time) {
        return OutgoingEvent.of(EventKind.of(payload.getClass()).type(), payload.app(), payload).withRunId(runId)
                .withCausationId(causationId).withTime(time);
    }

    private List<String> storedIds(String runId) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection
                        .prepareStatement("SELECT event_id FROM gateway.events WHERE run_id = ?")) {
            select.setString(1, runId);
            List<String> ids = new java.util.ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        }
    }
}

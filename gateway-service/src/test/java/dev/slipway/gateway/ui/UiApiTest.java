package dev.slipway.gateway.ui;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import dev.slipway.contracts.EventKind;
import dev.slipway.contracts.events.CommitPushed;
import dev.slipway.contracts.events.DeployProgressed.Action;
import dev.slipway.contracts.events.DeployProgressed.Phase;
import dev.slipway.contracts.events.DeployProgressed.PlannedChange;
import dev.slipway.contracts.fixtures.SampleEvents;
import dev.slipway.gateway.support.Gateway;
import dev.slipway.testkit.kafka.CloudEventsClient;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.kafka.OutgoingEvent;
import dev.slipway.testkit.postgres.PostgresTestResource;

/** What the web UI reads besides the documented API: who is calling, a run's progress, pages of runs, its files. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Gateway.OUTGOING),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Gateway.TOPICS)})
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = PostgresTestResource.DATABASE, value = "gateway"))
class UiApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final CloudEventsClient kafka = Gateway.kafka();

    @Test
    void tellsTheCallerWhoTheyAreAndWhichRolesTheyHave() {
        Gateway.as(Gateway.VIEWER).get("/api/me").then().statusCode(200)
                .body("name", is("test-viewer"), "roles", is(List.of("viewer")));
        Gateway.as(Gateway.SRE).get("/api/me").then().statusCode(200)
                .body("name", is("test-sre"), "roles", is(List.of("sre", "viewer")));
        Gateway.as(Gateway.ADMIN).get("/api/me").then().statusCode(200)
                .body("roles", is(List.of("admin", "sre", "viewer")));
        RestAssured.given().get("/api/me").then().statusCode(401);
        Gateway.as("no-such-token").get("/api/me").then().statusCode(401);
    }

    @Test
    void servesARunsPlanAndFailuresAsProgress() {
        RunFeed run = new RunFeed(kafka, "progress");
        run.send(run.pushed());
        run.send(run.built());
        run.send(run.chart());
        run.send(run.progressed("staging", Phase.PLANNED, "1 to create", List.of(
                new PlannedChange("ConfigMap", "hello-staging", "settings", Action.CREATE, List.of()),
                new PlannedChange("Service", "hello-staging", "web", Action.UNCHANGED, List.of())), null));
        OutgoingEvent last = run.send(run.chartFailed("some-input"));

        await().atMost(WAIT).untilAsserted(() -> Gateway.as(Gateway.VIEWER)
                .get("/api/runs/" + run.runId + "/progress").then().statusCode(200)
                .body("failures[0].eventId", is(last.id()),
                        "failures[0].logTail[1]", is("dial tcp 127.0.0.1:5000: connection refused"),
                        "failures[0].retriable", is(true),
                        "environments.environment", is(List.of("staging", "production")),
                        "environments[0].phase", is("PLANNED"),
                        "environments[0].plan.name", is(List.of("settings")),
                        "environments[0].unchanged", is(1),
                        "environments[1].canarySteps", is(List.of(10, 25, 50)),
                        "environments[1].plan", empty()));
        Gateway.as(Gateway.VIEWER).get("/api/runs/" + UUID.randomUUID() + "/progress").then().statusCode(404);
        RestAssured.given().get("/api/runs/" + run.runId + "/progress").then().statusCode(401);
    }

    @Test
    void pagesThroughRunsNewestFirstFromTheLastRunShown() {
        String app = "pages-" + UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String runId = UUID.randomUUID().toString();
            runs.add(0, runId);
            CommitPushed sample = SampleEvents.commitPushed();
            CommitPushed pushed = new CommitPushed(app, sample.commit(), sample.before(), sample.author(),
                    sample.message(), sample.pushedAt(), UUID.randomUUID().toString());
            kafka.send(EventKind.COMMIT_PUSHED.topic(), OutgoingEvent.of(EventKind.COMMIT_PUSHED.type(), app, pushed)
                    .withRunId(runId).withTime(start.plusMinutes(i)));
        }
        await().atMost(WAIT).untilAsserted(() -> Gateway.as(Gateway.VIEWER).queryParam("app", app)
                .queryParam("limit", 10).get("/api/runs").then().statusCode(200).body("runId", is(runs)));

        Gateway.as(Gateway.VIEWER).queryParam("app", app).queryParam("limit", 2).get("/api/runs").then()
                .body("runId", is(runs.subList(0, 2)));
        Gateway.as(Gateway.VIEWER).queryParam("app", app).queryParam("limit", 2).queryParam("before", runs.get(1))
                .get("/api/runs").then().statusCode(200).body("runId", is(runs.subList(2, 4)));
        Gateway.as(Gateway.VIEWER).queryParam("app", app).queryParam("limit", 2).queryParam("before", runs.get(3))
                .get("/api/runs").then().statusCode(200).body("runId", is(runs.subList(4, 5)));
        Gateway.as(Gateway.VIEWER).queryParam("app", app).queryParam("status", "RUNNING")
                .queryParam("before", runs.get(0)).get("/api/runs").then().statusCode(200)
                .body("runId", is(runs.subList(1, 5)));
        Gateway.as(Gateway.VIEWER).queryParam("before", UUID.randomUUID().toString()).get("/api/runs").then()
                .statusCode(400).body("error", containsString("before: no run"));
    }

    @Test
    void servesTheWebUiToAnyoneWithAStrictContentSecurityPolicy() {
        RestAssured.given().get("/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .body(containsString("<script type=\"module\" src=\"ui/app.js\"></script>"));
        RestAssured.given().get("/ui/app.js").then().statusCode(200)
                .contentType(containsString("javascript"));
        RestAssured.given().get("/ui/app.css").then().statusCode(200).contentType(containsString("text/css"));
    }
}

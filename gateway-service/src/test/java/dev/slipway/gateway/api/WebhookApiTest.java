package dev.slipway.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.CommitPushed;
import dev.slipway.gateway.support.Gateway;
import dev.slipway.gateway.webhook.Payloads;
import dev.slipway.gateway.webhook.Provider;
import dev.slipway.testkit.kafka.CloudEventsClient;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.kafka.ReceivedEvent;
import dev.slipway.testkit.postgres.PostgresTestResource;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Gateway.OUTGOING),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Gateway.TOPICS)})
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = PostgresTestResource.DATABASE, value = "gateway"))
class WebhookApiTest {

    private static final String SECRET = "It's a Secret to Everybody";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final CloudEventsClient kafka = Gateway.kafka();

    @ParameterizedTest
    @EnumSource(Provider.class)
    void emitsCommitPushedForASignedPush(Provider provider) {
        String fullName = Gateway.uniqueName(provider.id());
        String app = Gateway.register(provider, fullName, SECRET, List.of("main"));
        String sha = sha();

        String runId = Gateway.push(provider, fullName, SECRET, "main", sha).then().statusCode(202)
                .body("outcome", is("ACCEPTED"), "runId", notNullValue()).extract().path("runId");

        ReceivedEvent event = kafka.await(Topics.COMMIT_PUSHED, EventTypes.COMMIT_PUSHED, runId, WAIT);
        assertThat(event.key()).isEqualTo(app);
        assertThat(event.subject()).isEqualTo(app);
        assertThat(event.source()).isEqualTo("/slipway/gateway-service");
        assertThat(event.specVersion()).isEqualTo("1.0");
        assertThat(event.causationId()).isNull();
        assertThat(event.replayOf()).isNull();
        CommitPushed payload = event.payload(CommitPushed.class);
        assertThat(payload.app()).isEqualTo(app);
        assertThat(payload.commit().sha()).isEqualTo(sha);
        assertThat(payload.commit().branch()).isEqualTo("main");
        assertThat(payload.commit().provider()).isEqualTo(provider.id());
        assertThat(payload.commit().cloneUrl()).isEqualTo("https://git.example.test/" + fullName + ".git");
        assertThat(payload.before()).isEqualTo(Payloads.BEFORE);
        assertThat(payload.author()).isEqualTo("ada");
    }

    @Test
    void showsTheAcceptedRunAtOnce() {
        String fullName = Gateway.uniqueName("shown");
        String app = Gateway.register(Provider.GITHUB, fullName, SECRET, List.of("main"));

        String runId = Gateway.push(Provider.GITHUB, fullName, SECRET, "main", sha()).then().statusCode(202)
                .extract().path("runId");

        Gateway.as(Gateway.VIEWER).get("/api/runs/" + runId).then().statusCode(200)
                .body("run.app", is(app), "run.status", is("RUNNING"), "run.stages[0].stage", is("ACCEPT"),
                        "run.stages[1].stage", is("BUILD"), "run.stages[1].status", is("RUNNING"));
        Gateway.as(Gateway.VIEWER).queryParam("app", app).get("/api/runs").then().statusCode(200)
                .body("runId", is(List.of(runId)));
    }

    @Test
    void answersARedeliveryWithTheFirstRunAndEmitsNothing() {
        String fullName = Gateway.uniqueName("again");
        Gateway.register(Provider.GITHUB, fullName, SECRET, List.of("main"));
        byte[] body = Payloads.json(Payloads.push(Provider.GITHUB, fullName, "main", sha()));
        Map<String, String> headers = Gateway.signedHeaders(Provider.GITHUB, SECRET, body,
                UUID.randomUUID().toString());

        String runId = Gateway.post(Provider.GITHUB, body, headers).then().statusCode(202).extract().path("runId");
        Gateway.post(Provider.GITHUB, body, headers).then().statusCode(200)
                .body("outcome", is("DUPLICATE"), "runId", is(runId));
        Gateway.post(Provider.GITHUB, body, headers).then().statusCode(200).body("runId", is(runId));

        kafka.await(Topics.COMMIT_PUSHED, EventTypes.COMMIT_PUSHED, runId, WAIT);
        List<ReceivedEvent> all = kafka.readFor(Topics.COMMIT_PUSHED, Duration.ofSeconds(3));
        assertThat(all).filteredOn(e -> e.payloadText().contains(fullName))
                .singleElement().extracting(ReceivedEvent::runId).isEqualTo(runId);
    }

    @Test
    void treatsTheSameDeliveryIdWithAnotherBodyAsANewDelivery() {
        String fullName = Gateway.uniqueName("newbody");
        Gateway.register(Provider.GITEA, fullName, SECRET, List.of("main"));
        String deliveryId = UUID.randomUUID().toString();
        byte[] first = Payloads.json(Payloads.push(Provider.GITEA, fullName, "main", sha()));
        byte[] second = Payloads.json(Payloads.push(Provider.GITEA, fullName, "main", sha()));

        String one = Gateway.post(Provider.GITEA, first, Gateway.signedHeaders(Provider.GITEA, SECRET, first,
                deliveryId)).then().statusCode(202).extract().path("runId");
        String two = Gateway.post(Provider.GITEA, second, Gateway.signedHeaders(Provider.GITEA, SECRET, second,
                deliveryId)).then().statusCode(202).extract().path("runId");

        assertThat(two).isNotEqualTo(one);
    }

    @Test
    void answersAPingAndIgnoresWhatStartsNoRun() {
        String fullName = Gateway.uniqueName("quiet");
        Gateway.register(Provider.GITHUB, fullName, SECRET, List.of("main"));

        byte[] ping = Payloads.json(Map.of("zen", "Practicality beats purity.", "hook_id", 1,
                "repository", Map.of("full_name", fullName)));
        Map<String, String> pingHeaders = Gateway.signedHeaders(Provider.GITHUB, SECRET, ping, "p-1");
        pingHeaders.put(Provider.GITHUB.eventHeader(), "ping");
        Gateway.post(Provider.GITHUB, ping, pingHeaders).then().statusCode(200).body("outcome", is("PONG"));

        byte[] issue = Payloads.json(Map.of("action", "opened", "repository", Map.of("full_name", fullName)));
        Map<String, String> issueHeaders = Gateway.signedHeaders(Provider.GITHUB, SECRET, issue, "i-1");
        issueHeaders.put(Provider.GITHUB.eventHeader(), "issues");
        Gateway.post(Provider.GITHUB, issue, issueHeaders).then().statusCode(202)
                .body("outcome", is("IGNORED"), "message", is("event type 'issues' does not start a run"));

        Gateway.push(Provider.GITHUB, fullName, SECRET, "main", Payloads.ZEROS).then().statusCode(202)
                .body("outcome", is("IGNORED"), "message", is("branch 'main' was deleted"));
        Gateway.push(Provider.GITHUB, fullName, SECRET, "feature/x", sha()).then().statusCode(202)
                .body("outcome", is("IGNORED"), "reason", is("branch-not-triggering"));

        assertThat(kafka.readFor(Topics.COMMIT_PUSHED, Duration.ofSeconds(3)))
                .noneMatch(e -> e.payloadText().contains(fullName));
    }

    @Test
    void countsWebhooksByOutcomeInTheMetrics() {
        String fullName = Gateway.uniqueName("counted");
        Gateway.register(Provider.GITLAB, fullName, SECRET, List.of("main"));
        Gateway.push(Provider.GITLAB, fullName, "wrong", "main", sha()).then().statusCode(401);

        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics).contains("slipway_gateway_webhooks_total{").contains("reason=\"bad-signature\"")
                .contains("slipway_gateway_outbox_backlog");
    }

    @Test
    void startsARunByHandForAnSre() {
        String fullName = Gateway.uniqueName("manual");
        String app = Gateway.register(Provider.GITLAB, fullName, SECRET, List.of("main"));
        String sha = sha();
        Map<String, String> body = Map.of("app", app, "branch", "hotfix", "sha", sha);

        Gateway.as(Gateway.VIEWER).body(body).post("/api/runs").then().statusCode(403);
        Gateway.as(Gateway.SRE).body(Map.of("app", app, "branch", "main", "sha", "HEAD")).post("/api/runs").then()
                .statusCode(400);
        Gateway.as(Gateway.SRE).body(Map.of("app", "nobody-" + app, "branch", "main", "sha", sha))
                .post("/api/runs").then().statusCode(404);
        String runId = Gateway.as(Gateway.SRE).body(body).post("/api/runs").then().statusCode(202).extract()
                .path("runId");

        CommitPushed payload = kafka.await(Topics.COMMIT_PUSHED, EventTypes.COMMIT_PUSHED, runId, WAIT)
                .payload(CommitPushed.class);
        assertThat(payload.commit().sha()).isEqualTo(sha);
        assertThat(payload.commit().branch()).isEqualTo("hotfix");
        assertThat(payload.author()).isEqualTo("test-sre");
    }

    @Test
    void reportsHealthAndDescribesItsApi() {
        io.restassured.RestAssured.get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        String openApi = io.restassured.RestAssured.get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(openApi).contains("/webhooks/{provider}", "/api/runs/{runId}/stages/{stage}/replay",
                "/api/subscriptions/{id}/deliveries");
    }

    static String sha() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 40);
    }
}

package dev.slipway.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.Json;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.Deployed;
import dev.slipway.contracts.fixtures.SampleEvents;
import dev.slipway.gateway.support.Gateway;
import dev.slipway.gateway.webhook.Provider;
import dev.slipway.gateway.webhook.Signatures;
import dev.slipway.testkit.kafka.CloudEventsClient;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.kafka.OutgoingEvent;
import dev.slipway.testkit.postgres.PostgresTestResource;

/** Subscribers on real HTTP servers on 127.0.0.1 receive signed CloudEvents, in order, again after failing. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Gateway.OUTGOING),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Gateway.TOPICS)})
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = PostgresTestResource.DATABASE, value = "gateway"))
class SubscriptionApiTest {

    private static final String SECRET = "team-hook-secret";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final CloudEventsClient kafka = Gateway.kafka();
    private final List<Receiver> receivers = new ArrayList<>();

    /** A subscriber: answers 500 to its first {@code failures} requests, then 200, and keeps what it got. */
    static final class Receiver implements AutoCloseable {
        final List<Received> received = Collections.synchronizedList(new ArrayList<>());
        final HttpServer server;
        final AtomicInteger failuresLeft;

        record Received(int answered, String signature, String contentType, byte[] body) {
            JsonNode json() {
                try {
                    return Json.MAPPER.readTree(body);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        Receiver(int failures) throws IOException {
            failuresLeft = new AtomicInteger(failures);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                int status = failuresLeft.getAndDecrement() > 0 ? 500 : 200;
                received.add(new Received(status, exchange.getRequestHeaders().getFirst("X-Slipway-Signature"),
                        exchange.getRequestHeaders().getFirst("Content-Type"), body));
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        List<String> acceptedIds() {
            synchronized (received) {
                return received.stream().filter(r -> r.answered() == 200).map(r -> r.json().path("id").asText())
                        .toList();
            }
        }

        List<String> allIds() {
            synchronized (received) {
                return received.stream().map(r -> r.json().path("id").asText()).toList();
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @AfterEach
    void stopReceivers() {
        receivers.forEach(Receiver::close);
    }

    @Test
    void deliversSignedEventsInOrderAndAgainAfterTwoFailures() throws Exception {
        String app = "subs-" + UUID.randomUUID().toString().substring(0, 8);
        Receiver flaky = receiver(2);
        Receiver broken = receiver(Integer.MAX_VALUE);
        String id = subscribe(app, flaky.url(), List.of("deployed"));
        subscribe(app, broken.url(), List.of("deployed"));

        String runId = UUID.randomUUID().toString();
        List<String> sent = new ArrayList<>();
        for (String environment : List.of("staging", "production", "canary")) {
            OutgoingEvent event = OutgoingEvent.of(EventTypes.DEPLOYED, app, deployed(app, environment))
                    .withRunId(runId).withTime(OffsetDateTime.now(ZoneOffset.UTC));
            kafka.send(Topics.DEPLOYED, event);
            sent.add(event.id());
        }

        await().atMost(WAIT).until(() -> flaky.acceptedIds().size() == 3);
        assertThat(flaky.acceptedIds()).containsExactlyElementsOf(sent);
        assertThat(flaky.allIds()).containsExactly(sent.get(0), sent.get(0), sent.get(0), sent.get(1), sent.get(2));
        for (Receiver.Received received : flaky.received) {
            assertThat(received.signature()).isEqualTo(
                    "sha256=" + Signatures.hexHmac(SECRET.getBytes(StandardCharsets.UTF_8), received.body()));
            assertThat(received.contentType()).isEqualTo("application/cloudevents+json");
            JsonNode event = received.json();
            assertThat(event.path("specversion").asText()).isEqualTo("1.0");
            assertThat(event.path("type").asText()).isEqualTo(EventTypes.DEPLOYED);
            assertThat(event.path("subject").asText()).isEqualTo(app);
            assertThat(event.path("runid").asText()).isEqualTo(runId);
            assertThat(event.path("data").path("app").asText()).isEqualTo(app);
        }
        assertThat(broken.received).isNotEmpty().allMatch(r -> r.answered() == 500);

        await().atMost(WAIT).untilAsserted(() -> Gateway.as(Gateway.VIEWER)
                .get("/api/subscriptions/" + id + "/deliveries").then().statusCode(200)
                .body("size()", is(3), "status", is(List.of("DELIVERED", "DELIVERED", "DELIVERED")),
                        "eventId", is(List.of(sent.get(2), sent.get(1), sent.get(0))),
                        "[2].attempts", is(3), "[2].attemptLog.statusCode", is(List.of(500, 500, 200))));
    }

    @Test
    void deliversTheGatewaysOwnEventsToo() throws Exception {
        String fullName = Gateway.uniqueName("subs");
        String app = Gateway.register(Provider.GITEA, fullName, "repo-secret", List.of("main"));
        Receiver receiver = receiver(0);
        subscribe(app, receiver.url(), List.of(EventTypes.COMMIT_PUSHED));

        String runId = Gateway.push(Provider.GITEA, fullName, "repo-secret", "main", WebhookApiTest.sha()).then()
                .statusCode(202).extract().path("runId");

        await().atMost(WAIT).until(() -> receiver.acceptedIds().size() == 1);
        assertThat(receiver.received.get(0).json().path("runid").asText()).isEqualTo(runId);
    }

    @Test
    void neverShowsTheSecretAndLetsOnlyAnSreSubscribe() throws Exception {
        Map<String, Object> body = Map.of("name", "team", "url", "http://127.0.0.1:9/hook", "secret", SECRET,
                "apps", List.of("hello"));

        Gateway.as(Gateway.VIEWER).body(body).post("/api/subscriptions").then().statusCode(403);
        String created = Gateway.as(Gateway.SRE).body(body).post("/api/subscriptions").then().statusCode(201)
                .extract().asString();
        String id = Json.MAPPER.readTree(created).path("id").asText();
        String listed = Gateway.as(Gateway.VIEWER).get("/api/subscriptions").then().statusCode(200).extract()
                .asString();

        assertThat(created + listed).doesNotContain(SECRET);
        Gateway.as(Gateway.SRE).body(Map.of("name", "x", "url", "file:///etc/passwd")).post("/api/subscriptions")
                .then().statusCode(400);
        Gateway.as(Gateway.SRE).delete("/api/subscriptions/" + id).then().statusCode(204);
        Gateway.as(Gateway.VIEWER).get("/api/subscriptions/" + id).then().statusCode(404);
    }

    private Receiver receiver(int failures) throws IOException {
        Receiver receiver = new Receiver(failures);
        receivers.add(receiver);
        return receiver;
    }

    private static String subscribe(String app, String url, List<String> types) {
        return Gateway.as(Gateway.SRE).body(Map.of("name", "team " + app, "url", url, "secret", SECRET, "apps",
                List.of(app), "eventTypes", types)).post("/api/subscriptions").then().statusCode(201)
                .extract().path("id");
    }

    private static Deployed deployed(String app, String environment) {
        Deployed sample = SampleEvents.deployed();
        return new Deployed(app, environment, app + "-" + environment, app, Deployed.Outcome.SUCCEEDED,
                sample.commit(), sample.image(), sample.chart(), sample.startedAt(), sample.finishedAt(), null,
                sample.strategy(), 1, 0, "1 changed");
    }
}

package dev.slipway.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.Json;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.fixtures.SampleEvents;
import dev.slipway.gateway.support.Gateway;
import dev.slipway.testkit.kafka.CloudEventsClient;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.kafka.OutgoingEvent;
import dev.slipway.testkit.kafka.ReceivedEvent;
import dev.slipway.testkit.postgres.PostgresTestResource;

/** A record another service gave up on is listed with its error and put back on its topic as a replay. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Gateway.OUTGOING),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Gateway.TOPICS)})
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = PostgresTestResource.DATABASE, value = "gateway"))
class DeadLetterApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void listsADeadLetterAndPutsItBackWithReplayOf() throws Exception {
        String runId = UUID.randomUUID().toString();
        String originalId = UUID.randomUUID().toString();
        String payload = Json.MAPPER.writeValueAsString(SampleEvents.chartPublished());
        RecordMetadata written = deadLetter(originalId, runId, payload);

        Gateway.as(Gateway.VIEWER).get("/api/dlq").then().statusCode(200).body("eventId", hasItem(originalId));
        Map<String, Object> listed = Gateway.as(Gateway.VIEWER).get("/api/dlq").then().extract().jsonPath()
                .param("id", originalId).getMap("find { it.eventId == id }");
        assertThat(listed).containsEntry("topic", "chart-published.dlq").containsEntry("originalTopic",
                Topics.CHART_PUBLISHED).containsEntry("reason", "cluster did not answer").containsEntry("runId", runId)
                .containsEntry("offset", (int) written.offset());

        String path = "/api/dlq/chart-published.dlq/" + written.partition() + "/" + written.offset() + "/replay";
        Gateway.as(Gateway.VIEWER).body(Map.of("reason", "x")).post(path).then().statusCode(403);
        Gateway.as(Gateway.SRE).body(Map.of()).post(path).then().statusCode(400);
        Gateway.as(Gateway.SRE).body(Map.of("reason", "x")).post("/api/dlq/nope.dlq/0/0/replay").then()
                .statusCode(404);
        Gateway.as(Gateway.SRE).body(Map.of("reason", "x"))
                .post("/api/dlq/chart-published.dlq/0/" + (written.offset() + 1000) + "/replay").then().statusCode(404);
        String newId = Gateway.as(Gateway.SRE).body(Map.of("reason", "cluster is back")).post(path).then()
                .statusCode(202).body("replayOf", is(originalId), "topic", is(Topics.CHART_PUBLISHED),
                        "requestedBy", is("test-sre"))
                .extract().path("eventId");

        ReceivedEvent replayed = Gateway.kafka().await(Topics.CHART_PUBLISHED, e -> newId.equals(e.id()),
                "the put-back record", WAIT);
        assertThat(replayed.replayOf()).isEqualTo(originalId);
        assertThat(replayed.runId()).isEqualTo(runId);
        assertThat(replayed.type()).isEqualTo(EventTypes.CHART_PUBLISHED);
        assertThat(replayed.key()).isEqualTo("hello");
        assertThat(replayed.headers().keySet()).noneMatch(h -> h.startsWith("dead-letter-"));
        assertThat(replayed.payload(ChartPublished.class)).isEqualTo(SampleEvents.chartPublished());
        await().atMost(WAIT).untilAsserted(() -> Gateway.as(Gateway.VIEWER).get("/api/runs/" + runId).then()
                .statusCode(200).body("run.events.replayOf", is(List.of(originalId))));
    }

    private static RecordMetadata deadLetter(String id, String runId, String payload) {
        try (CloudEventsClient kafka = new CloudEventsClient(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            return kafka.sendDeadLetter(Topics.CHART_PUBLISHED, 0, 7, "cluster did not answer",
                    new OutgoingEvent(id, "/slipway/chart-service", EventTypes.CHART_PUBLISHED, "hello",
                            OffsetDateTime.now(ZoneOffset.UTC), runId, null, null, payload));
        }
    }
}

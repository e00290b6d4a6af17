package dev.slipway.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.cloudevents.CeHeaders;

class CloudEventsClientTest {

    record CommitSeen(String repository, String sha, int files) {
    }

    private static CloudEventsClient events;

    @BeforeAll
    static void connect() {
        events = Kafka.shared().cloudEvents();
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    @Test
    void producesAndConsumesCloudEventWithRunId() {
        // Given a topic with three partitions
        String topic = "commit-pushed-" + UUID.randomUUID();
        Kafka.shared().createTopic(topic, 3);
        // and an unrelated event of another run on it
        events.send(topic, OutgoingEvent.of(EventTypes.COMMIT_PUSHED, "shop", new CommitSeen("shop", "0000", 0))
                .withRunId("run-other"));

        // When an event of run-1 is sent
        OutgoingEvent sent = OutgoingEvent.of(EventTypes.COMMIT_PUSHED, "shop", new CommitSeen("shop", "abc123", 4))
                .withRunId("run-1")
                .withCausationId("cause-1")
                .withReplayOf("original-1");
        RecordMetadata written = events.send(topic, sent);

        // Then awaiting that type and run id finds it, headers, key and payload intact
        ReceivedEvent received = events.await(topic, EventTypes.COMMIT_PUSHED, "run-1", Duration.ofSeconds(30));
        assertThat(received.partition()).isEqualTo(written.partition());
        assertThat(received.key()).isEqualTo("shop");
        assertThat(received.id()).isEqualTo(sent.id());
        assertThat(received.type()).isEqualTo(EventTypes.COMMIT_PUSHED);
        assertThat(received.source()).isEqualTo(OutgoingEvent.TEST_SOURCE);
        assertThat(received.specVersion()).isEqualTo("1.0");
        assertThat(received.subject()).isEqualTo("shop");
        assertThat(received.runId()).isEqualTo("run-1");
        assertThat(received.causationId()).isEqualTo("cause-1");
        assertThat(received.replayOf()).isEqualTo("original-1");
        assertThat(received.time()).isEqualTo(sent.time());
        assertThat(received.header(CeHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(received.payload(CommitSeen.class)).isEqualTo(new CommitSeen("shop", "abc123", 4));
    }

    @Test
    void awaitFailsNamingTheEventsItSaw() {
        // Given a topic holding one event of another type
        String topic = "image-built-" + UUID.randomUUID();
        events.createTopic(topic, 1);
        events.send(topic, OutgoingEvent.of(EventTypes.IMAGE_BUILT, "shop", "{}").withRunId("run-2"));

        // When / Then awaiting a type that never comes fails with what was there
        assertThatThrownBy(() -> events.await(topic, EventTypes.DEPLOYED, Duration.ofMillis(1500)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("No event with type " + EventTypes.DEPLOYED)
                .hasMessageContaining("type=" + EventTypes.IMAGE_BUILT);
    }
}

package dev.slipway.contracts.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;

import dev.slipway.contracts.EventKind;

class CloudEventsTest {

    @Test
    void writesTypeSubjectSourceAndRunExtensions() {
        RunContext context = new RunContext("run-1", "evt-0", "evt-old");

        OutgoingCloudEventMetadata<Object> metadata = CloudEvents.outgoing(EventKind.IMAGE_BUILT, "build-service",
                "hello", context, "evt-1", Instant.parse("2026-11-23T10:15:30Z"));

        assertThat(metadata.getId()).isEqualTo("evt-1");
        assertThat(metadata.getType()).isEqualTo("dev.slipway.image.built.v1");
        assertThat(metadata.getSubject()).hasValue("hello");
        assertThat(metadata.getSource()).hasToString("/slipway/build-service");
        assertThat(metadata.getSpecVersion()).isEqualTo("1.0");
        assertThat(metadata.getExtensions()).containsEntry("runid", "run-1")
                .containsEntry("causationid", "evt-0")
                .containsEntry("replayof", "evt-old");
    }

    @Test
    void omitsAbsentCausationAndReplay() {
        OutgoingCloudEventMetadata<Object> metadata = CloudEvents.outgoing(EventKind.COMMIT_PUSHED, "gateway-service",
                "hello", RunContext.start("run-1"));

        assertThat(metadata.getExtensions()).containsOnlyKeys("runid");
        assertThat(metadata.getId()).isNotBlank();
    }

    @Test
    void readsContextBackAndAnswersWithCausation() {
        OutgoingCloudEventMetadata<Object> incoming = CloudEvents.outgoing(EventKind.COMMIT_PUSHED, "gateway-service",
                "hello", RunContext.start("run-7"), "evt-commit", Instant.now());

        assertThat(CloudEvents.context(incoming)).hasValue(new RunContext("run-7", null, null));
        assertThat(CloudEvents.answering(incoming)).hasValue(new RunContext("run-7", "evt-commit", null));
    }

    @Test
    void replayKeepsRunAndCausationAndNamesRepeatedEvent() {
        RunContext replay = new RunContext("run-1", "evt-0", null).replaying("evt-1");

        assertThat(replay).isEqualTo(new RunContext("run-1", "evt-0", "evt-1"));
    }
}

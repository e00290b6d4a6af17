package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.ce.impl.DefaultIncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.contracts.events.CommitPushed;
import dev.slipway.contracts.events.ImageBuilt;
import dev.slipway.contracts.fixtures.SampleEvents;

class EventsTest {

    private static final ZonedDateTime EMITTED = ZonedDateTime.parse("2026-11-23T10:15:30.123456Z");

    @Test
    void messageCarriesJsonKeyAndCloudEventMetadata() {
        Message<String> message = Events.message(SampleEvents.imageBuilt(), "build-service",
                new RunContext("run-1", "evt-0", null));

        assertThat(message.getPayload()).contains("\"digest\":\"" + SampleEvents.IMAGE_DIGEST + "\"");
        assertThat(message.getMetadata(OutgoingKafkaRecordMetadata.class))
                .hasValueSatisfying(m -> assertThat(m.getKey()).isEqualTo("hello"));
        assertThat(message.getMetadata(OutgoingCloudEventMetadata.class)).hasValueSatisfying(ce -> {
            assertThat(ce.getType()).isEqualTo(EventTypes.IMAGE_BUILT);
            assertThat(ce.getSubject()).hasValue("hello");
            assertThat(ce.getExtensions()).containsEntry("runid", "run-1").containsEntry("causationid", "evt-0");
        });
    }

    @Test
    void anAnswerSentAgainIsTheSameEventAndAnotherInputsAnswerIsNot() {
        RunContext input = new RunContext("run-1", "evt-0", null);

        String first = id(Events.answer(SampleEvents.imageBuilt(), "build-service", input));
        String again = id(Events.answer(SampleEvents.imageBuilt(), "build-service", input));
        String replayed = id(Events.answer(SampleEvents.imageBuilt(), "build-service",
                new RunContext("run-1", "evt-replay", "evt-0")));
        String otherType = id(Events.answer(SampleEvents.commitPushed(), "gateway-service", input));
        String otherPart = id(Events.answer(SampleEvents.imageBuilt(), "build-service", input, "production"));

        assertThat(again).isEqualTo(first);
        assertThat(java.util.Set.of(first, replayed, otherType, otherPart)).hasSize(4);
        assertThat(id(Events.answer(SampleEvents.imageBuilt(), "build-service", new RunContext("run-1", null, null))))
                .as("no cause, nothing to derive from").isNotEqualTo(id(Events.answer(SampleEvents.imageBuilt(),
                        "build-service", new RunContext("run-1", null, null))));
    }

    private static String id(Message<String> message) {
        return message.getMetadata(OutgoingCloudEventMetadata.class).orElseThrow().getId();
    }

    @Test
    void readsIncomingEventWithItsRunAndAnswersIt() {
        Message<byte[]> incoming = incoming(EventTypes.COMMIT_PUSHED, "run-9",
                Events.json(SampleEvents.commitPushed()).getBytes(StandardCharsets.UTF_8));

        Received<CommitPushed> received = Events.read(incoming, CommitPushed.class);

        assertThat(received.payload()).isEqualTo(SampleEvents.commitPushed());
        assertThat(received.eventId()).isEqualTo("evt-in");
        assertThat(received.answer()).isEqualTo(new RunContext("run-9", "evt-in", null));
    }

    @Test
    void readsWhenThePreviousStageEmittedTheEvent() {
        Message<String> incoming = incoming(EventTypes.COMMIT_PUSHED, "run-9",
                Events.json(SampleEvents.commitPushed()));

        assertThat(Events.read(incoming, CommitPushed.class).time()).isEqualTo(EMITTED.toInstant());
    }

    @Test
    void rejectsEventOfAnotherTypeAsPoison() {
        Message<String> incoming = incoming(EventTypes.COMMIT_PUSHED, "run-9",
                Events.json(SampleEvents.commitPushed()));

        assertThatThrownBy(() -> Events.read(incoming, ImageBuilt.class))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("expected a dev.slipway.image.built.v1 event");
    }

    @Test
    void rejectsEventWithoutRunIdAsPoison() {
        Message<String> incoming = incoming(EventTypes.COMMIT_PUSHED, null, Events.json(SampleEvents.commitPushed()));

        assertThatThrownBy(() -> Events.read(incoming, CommitPushed.class))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("no ce_runid");
    }

    @Test
    void rejectsMalformedJsonAsPoison() {
        Message<String> incoming = incoming(EventTypes.COMMIT_PUSHED, "run-9", "{not json");

        assertThatThrownBy(() -> Events.read(incoming, CommitPushed.class))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("is not a valid CommitPushed");
    }

    @Test
    void rejectsPlainRecordWithoutCloudEventHeadersAsPoison() {
        assertThatThrownBy(() -> Events.read(Message.of("{}"), CommitPushed.class))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("not a CloudEvent");
    }

    private static <T> Message<T> incoming(String type, String runId, T payload) {
        Map<String, Object> extensions = new HashMap<>();
        if (runId != null) {
            extensions.put("runid", runId);
        }
        DefaultIncomingCloudEventMetadata<T> ce = new DefaultIncomingCloudEventMetadata<>("1.0", "evt-in",
                URI.create("/slipway/gateway-service"), type, "application/json", null, "hello",
                EMITTED, extensions, payload);
        return Message.of(payload, Metadata.of(ce));
    }
}

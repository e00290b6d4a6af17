package dev.slipway.gateway.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.Topics;
import dev.slipway.runtime.PoisonRecordException;

class TimelineRecorderTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String PAYLOAD = "{\"app\":\"hello\",\"extra\":\"kept\"}";

    @Test
    void keepsTheAttributesAndThePayloadVerbatim() {
        StoredEvent event = TimelineRecorder.check(new TimelineRecorder.Incoming(Topics.IMAGE_BUILT, "e-1",
                EventTypes.IMAGE_BUILT, "/slipway/build-service", "hello", NOW.minusSeconds(5), "run-1", "e-0", "",
                PAYLOAD), NOW);

        assertThat(event).isEqualTo(new StoredEvent("e-1", Topics.IMAGE_BUILT, EventTypes.IMAGE_BUILT,
                "/slipway/build-service", "hello", "run-1", "e-0", null, NOW.minusSeconds(5), PAYLOAD));
    }

    @Test
    void takesTheApplicationFromThePayloadAndTheArrivalTimeWhenTheHeadersLackThem() {
        StoredEvent event = TimelineRecorder.check(new TimelineRecorder.Incoming(Topics.IMAGE_BUILT, "e-1",
                EventTypes.IMAGE_BUILT, null, null, null, "run-1", null, null, PAYLOAD), NOW);

        assertThat(event.app()).isEqualTo("hello");
        assertThat(event.time()).isEqualTo(NOW);
    }

    @Test
    void refusesRecordsThatAreNotEventsOfTheirTopic() {
        assertPoison(new TimelineRecorder.Incoming(Topics.IMAGE_BUILT, null, null, null, null, null, null, null,
                null, PAYLOAD), "not a CloudEvent: no ce_id");
        assertPoison(new TimelineRecorder.Incoming(Topics.IMAGE_BUILT, "e-1", "com.example.other", null, "hello",
                NOW, "run-1", null, null, PAYLOAD), "event e-1 has unknown type com.example.other");
        assertPoison(new TimelineRecorder.Incoming(Topics.IMAGE_BUILT, "e-1", EventTypes.DEPLOYED, null, "hello",
                NOW, "run-1", null, null, PAYLOAD),
                "event e-1 of type dev.slipway.deployed.v1 does not belong on image-built");
        assertPoison(new TimelineRecorder.Incoming(Topics.IMAGE_BUILT, "e-1", EventTypes.IMAGE_BUILT, null, "hello",
                NOW, " ", null, null, PAYLOAD), "event e-1 has no ce_runid");
        assertPoison(new TimelineRecorder.Incoming(Topics.IMAGE_BUILT, "e-1", EventTypes.IMAGE_BUILT, null, "hello",
                NOW, "run-1", null, null, "{not json"), "event e-1 has a payload that is not JSON");
        assertPoison(new TimelineRecorder.Incoming(Topics.IMAGE_BUILT, "e-1", EventTypes.IMAGE_BUILT, null, "hello",
                NOW, "run-1", null, null, "[1,2]"), "event e-1 has no JSON object payload");
        assertPoison(new TimelineRecorder.Incoming(Topics.IMAGE_BUILT, "e-1", EventTypes.IMAGE_BUILT, null, null,
                NOW, "run-1", null, null, "{}"), "event e-1 names no application");
    }

    private static void assertPoison(TimelineRecorder.Incoming incoming, String message) {
        assertThatThrownBy(() -> TimelineRecorder.check(incoming, NOW)).isInstanceOf(PoisonRecordException.class)
                .hasMessage(message);
    }
}

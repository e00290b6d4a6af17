package dev.slipway.testkit.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.contracts.Json;
import dev.slipway.contracts.cloudevents.CeHeaders;

/**
 * A record read from Kafka, seen as a binary-mode CloudEvent.
 *
 * @param headers every header as UTF-8 text; for a repeated header, the last value
 * @param value the raw record value (null for a tombstone)
 */
public record ReceivedEvent(String topic, int partition, long offset, String key, Map<String, String> headers,
        byte[] value) {

    public ReceivedEvent {
        headers = Map.copyOf(headers);
    }

    /** The header's value, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    public String id() {
        return header(CeHeaders.ID);
    }

    public String source() {
        return header(CeHeaders.SOURCE);
    }

    public String type() {
        return header(CeHeaders.TYPE);
    }

    public String specVersion() {
        return header(CeHeaders.SPEC_VERSION);
    }

    public String subject() {
        return header(CeHeaders.SUBJECT);
    }

    public String runId() {
        return header(CeHeaders.RUN_ID);
    }

    public String causationId() {
        return header(CeHeaders.CAUSATION_ID);
    }

    public String replayOf() {
        return header(CeHeaders.REPLAY_OF);
    }

    public String contentType() {
        return header(CeHeaders.CONTENT_TYPE);
    }

    /** {@code ce_time}, or null when absent. */
    public OffsetDateTime time() {
        String time = header(CeHeaders.TIME);
        return time == null ? null : OffsetDateTime.parse(time);
    }

    /** The value as UTF-8 text. */
    public String payloadText() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** The value read with {@code Json.MAPPER} as {@code type}. */
    public <T> T payload(Class<T> type) {
        try {
            return Json.MAPPER.readValue(value, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Payload of " + this + " is not a " + type.getName(), e);
        }
    }

    /** The value read with {@code Json.MAPPER} as a generic type. */
    public <T> T payload(TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(value, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Payload of " + this + " is not a " + type.getType(), e);
        }
    }

    /** The value as a JSON tree. */
    public JsonNode payloadTree() {
        try {
            return Json.MAPPER.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException("Payload of " + this + " is not JSON", e);
        }
    }

    @Override
    public String toString() {
        return "ReceivedEvent[" + topic + "-" + partition + "@" + offset + " key=" + key + " type=" + type()
                + " id=" + id() + " runid=" + runId() + "]";
    }
}

package dev.slipway.e2e.follow;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of a run as read from its topic: the CloudEvents attributes Slipway uses and the JSON payload.
 *
 * @param topic the topic it was read from
 * @param id {@code ce_id}
 * @param type {@code ce_type}
 * @param runId {@code ce_runid}
 * @param causationId {@code ce_causationid}, or null
 * @param replayOf {@code ce_replayof}, or null
 * @param time {@code ce_time}, or the record's timestamp
 * @param payload the data
 */
public record PipelineEvent(String topic, String id, String type, String runId, String causationId, String replayOf,
        Instant time, JsonNode payload) {

    /** A text field of the payload, or null. */
    public String text(String field) {
        JsonNode value = payload.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    public String environment() {
        return text("environment");
    }
}

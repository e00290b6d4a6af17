package dev.slipway.gateway.dlq;

import java.time.Instant;
import java.util.Map;

/**
 * A record in a {@code <topic>.dlq} topic.
 *
 * @param topic the dead-letter topic
 * @param originalTopic where it came from ({@code dead-letter-topic} header, else the topic without {@code .dlq})
 * @param reason why the consumer gave up on it ({@code dead-letter-reason})
 * @param eventId its {@code ce_id}, or null for a record that is no CloudEvent
 * @param headers every header as text
 * @param payload the record value as text
 */
public record DeadLetter(String topic, int partition, long offset, Instant timestamp, String key,
        String originalTopic, String reason, String eventId, String type, String runId, Map<String, String> headers,
        String payload) {
}

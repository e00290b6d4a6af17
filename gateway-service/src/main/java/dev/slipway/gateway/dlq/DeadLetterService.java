package dev.slipway.gateway.dlq;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.slipway.contracts.Topics;
import dev.slipway.gateway.support.ApiException;
import dev.slipway.gateway.support.Database;
import dev.slipway.gateway.support.Sql;

/** Lists the pipeline's dead-letter topics and puts a record back, recording who did it and why. */
public final class DeadLetterService {

    /**
     * A record put back on its topic.
     *
     * @param eventId the new {@code ce_id}
     * @param replayOf the record's old {@code ce_id}, or null when it had none
     */
    public record Replay(String id, String dlqTopic, int partition, long offset, String topic, String eventId,
            String replayOf, String requestedBy, String reason, Instant requestedAt) {
    }

    private final DeadLetters deadLetters;
    private final Database database;
    private final Clock clock;

    public DeadLetterService(DeadLetters deadLetters, Database database, Clock clock) {
        this.deadLetters = deadLetters;
        this.database = database;
        this.clock = clock;
    }

    public List<DeadLetter> list(int limit) {
        return deadLetters.list(limit);
    }

    /**
     * @param topic the dead-letter topic, or the topic whose dead letters are meant
     * @throws ApiException 400 without a reason, 404 for a topic that is not a pipeline topic or a missing record
     */
    public Replay replay(String topic, int partition, long offset, String by, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new ApiException(400, "a reason is required to put a record back");
        }
        String dlq = topic.endsWith(Topics.DLQ_SUFFIX) ? topic : Topics.dlq(topic);
        if (Topics.ALL.stream().map(Topics::dlq).noneMatch(dlq::equals)) {
            throw new ApiException(404, "no dead-letter topic " + topic);
        }
        DeadLetter record = deadLetters.find(dlq, partition, offset)
                .orElseThrow(() -> new ApiException(404, "no record at " + dlq + "/" + partition + "/" + offset));
        DeadLetters.Replayed replayed = deadLetters.replay(record);
        Replay replay = new Replay(UUID.randomUUID().toString(), dlq, partition, offset, replayed.topic(),
                replayed.eventId(), replayed.replayOf(), by, reason.trim(), clock.instant());
        database.read(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO gateway.dead_letter_replays "
                    + "(id, dlq_topic, dlq_partition, dlq_offset, topic, original_id, new_event_id, requested_by, "
                    + "reason, requested_at) VALUES (?::uuid, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, replay.id());
                insert.setString(2, dlq);
                insert.setInt(3, partition);
                insert.setLong(4, offset);
                insert.setString(5, replay.topic());
                Sql.setNullable(insert, 6, replay.replayOf());
                insert.setString(7, replay.eventId());
                insert.setString(8, by);
                insert.setString(9, replay.reason());
                Sql.setInstant(insert, 10, replay.requestedAt());
                return insert.executeUpdate();
            }
        });
        return replay;
    }
}

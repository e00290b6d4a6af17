package dev.slipway.gateway.replay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import dev.slipway.contracts.Stage;
import dev.slipway.contracts.cloudevents.CloudEvents;
import dev.slipway.gateway.outbox.Emission;
import dev.slipway.gateway.support.ApiException;
import dev.slipway.gateway.support.Database;
import dev.slipway.gateway.support.Sql;
import dev.slipway.gateway.timeline.EventStore;
import dev.slipway.gateway.timeline.RunTimeline;
import dev.slipway.gateway.timeline.RunView;
import dev.slipway.gateway.timeline.StoredEvent;

/**
 * Publishes a stage's stored input again: a new {@code ce_id}, the same run, {@code ce_replayof} = the repeated
 * event's id, the payload byte for byte. Recorded with who asked, when and why, in the transaction that queues it.
 */
public final class ReplayService {

    /**
     * A replay that was queued.
     *
     * @param id the replay's id
     * @param replayOf the repeated event
     * @param eventId the new event's id
     * @param topic where it is published
     */
    public record Replay(String id, String runId, Stage stage, String replayOf, String eventId, String topic,
            String requestedBy, String reason, boolean forced, Instant requestedAt) {
    }

    private final Database database;
    private final EventStore events;
    private final Emission emission;
    private final String service;
    private final Clock clock;
    private final Supplier<String> ids;
    private final Runnable afterCommit;

    public ReplayService(Database database, EventStore events, Emission emission, String service, Clock clock,
            Supplier<String> ids, Runnable afterCommit) {
        this.database = database;
        this.events = events;
        this.emission = emission;
        this.service = service;
        this.clock = clock;
        this.ids = ids;
        this.afterCommit = afterCommit;
    }

    /**
     * @param force replay even though the stage has not failed
     * @throws ApiException 400 without a reason or for a stage without input, 404 for an unknown run or a stage that
     *         has no stored input, 409 for a stage that has not failed without {@code force}
     */
    public Replay replay(String runId, Stage stage, String by, String reason, boolean force) {
        if (reason == null || reason.isBlank()) {
            throw new ApiException(400, "a reason is required for a replay");
        }
        if (stage.inputTopic() == null) {
            throw new ApiException(400, "the " + stage.name().toLowerCase() + " stage has no input event; "
                    + "start a new run instead");
        }
        Replay replay = database.inTransaction(connection -> {
            lockRun(connection, runId);
            List<StoredEvent> run = events.forRun(connection, runId);
            if (run.isEmpty()) {
                throw new ApiException(404, "no run " + runId);
            }
            RunView view = RunTimeline.derive(runId, run);
            Optional<StoredEvent> input = RunTimeline.inputOf(stage, run);
            if (input.isEmpty()) {
                throw new ApiException(404, "run " + runId + " has no input event for the "
                        + stage.name().toLowerCase() + " stage yet");
            }
            boolean failed = view.stages().stream().anyMatch(s -> s.stage() == stage && s.status().failed());
            if (!failed && !force) {
                throw new ApiException(409, "the " + stage.name().toLowerCase() + " stage of run " + runId
                        + " has not failed; pass force=true to replay it anyway");
            }
            StoredEvent original = input.get();
            Instant now = clock.instant();
            StoredEvent repeated = new StoredEvent(ids.get(), original.topic(), original.type(),
                    CloudEvents.source(service).toString(), original.app(), runId, original.causationId(),
                    original.eventId(), now, original.payload());
            emission.emit(connection, repeated);
            Replay queued = new Replay(UUID.randomUUID().toString(), runId, stage, original.eventId(),
                    repeated.eventId(), repeated.topic(), by, reason.trim(), !failed, now);
            insert(connection, queued);
            return queued;
        });
        afterCommit.run();
        return replay;
    }

    /** The replays of a run, oldest first. */
    public List<Replay> forRun(String runId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT id, run_id, stage, original_event_id, "
                    + "new_event_id, requested_by, reason, forced, requested_at FROM gateway.replays "
                    + "WHERE run_id = ? ORDER BY requested_at, id")) {
                select.setString(1, runId);
                List<Replay> replays = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Stage stage = Stage.valueOf(rows.getString("stage"));
                        replays.add(new Replay(rows.getString("id"), rows.getString("run_id"), stage,
                                rows.getString("original_event_id"), rows.getString("new_event_id"),
                                stage.inputTopic(), rows.getString("requested_by"), rows.getString("reason"),
                                rows.getBoolean("forced"), Sql.getInstant(rows, "requested_at")));
                    }
                }
                return replays;
            }
        });
    }

    /** Serialises decisions about one run (replays, approvals) across requests and instances. */
    public static void lockRun(Connection connection, String runId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, runId);
            lock.execute();
        }
    }

    private static void insert(Connection connection, Replay replay) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO gateway.replays (id, run_id, stage, "
                + "original_event_id, new_event_id, requested_by, reason, forced, requested_at) "
                + "VALUES (?::uuid, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, replay.id());
            insert.setString(2, replay.runId());
            insert.setString(3, replay.stage().name());
            insert.setString(4, replay.replayOf());
            insert.setString(5, replay.eventId());
            insert.setString(6, replay.requestedBy());
            insert.setString(7, replay.reason());
            insert.setBoolean(8, replay.forced());
            Sql.setInstant(insert, 9, replay.requestedAt());
            insert.executeUpdate();
        }
    }
}

package dev.slipway.gateway.timeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.slipway.gateway.support.Sql;

/** The {@code gateway.events} table: every event of every run, once per {@code ce_id}. */
public final class EventStore {

    private static final String COLUMNS = "event_id, topic, type, source, app, run_id, causation_id, replay_of, "
            + "event_time, payload::text";

    /** Called in the inserting transaction for each event stored for the first time. */
    @FunctionalInterface
    public interface Recorded {
        void recorded(Connection connection, StoredEvent event) throws SQLException;
    }

    private final Recorded recorded;

    /** A store that tells nobody of new events. */
    public EventStore() {
        this((connection, event) -> {
        });
    }

    public EventStore(Recorded recorded) {
        this.recorded = recorded;
    }

    /** A run's id, application and first event time. */
    public record RunHead(String runId, String app, Instant startedAt) {
    }

    /**
     * Stores {@code event} unless an event with its id is there.
     *
     * @return whether it was new
     */
    public boolean insert(Connection connection, StoredEvent event) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO gateway.events (event_id, topic, "
                + "type, source, app, run_id, causation_id, replay_of, event_time, payload) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (event_id) DO NOTHING")) {
            insert.setString(1, event.eventId());
            insert.setString(2, event.topic());
            insert.setString(3, event.type());
            insert.setString(4, event.source());
            insert.setString(5, event.app());
            insert.setString(6, event.runId());
            Sql.setNullable(insert, 7, event.causationId());
            Sql.setNullable(insert, 8, event.replayOf());
            Sql.setInstant(insert, 9, event.time());
            insert.setString(10, event.payload());
            if (insert.executeUpdate() != 1) {
                return false;
            }
        }
        recorded.recorded(connection, event);
        return true;
    }

    /**
     * Marks {@code eventId} as seen on Kafka.
     *
     * @return true the first time
     */
    public boolean markStreamed(Connection connection, String eventId) throws SQLException {
        try (PreparedStatement update = connection
                .prepareStatement("UPDATE gateway.events SET streamed = true WHERE event_id = ? AND NOT streamed")) {
            update.setString(1, eventId);
            return update.executeUpdate() == 1;
        }
    }

    public Optional<StoredEvent> find(Connection connection, String eventId) throws SQLException {
        try (PreparedStatement select = connection
                .prepareStatement("SELECT " + COLUMNS + " FROM gateway.events WHERE event_id = ?")) {
            select.setString(1, eventId);
            List<StoredEvent> found = list(select);
            return found.stream().findFirst();
        }
    }

    /** The events of a run, oldest first (by event time, then by arrival). */
    public List<StoredEvent> forRun(Connection connection, String runId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM gateway.events WHERE run_id = ? ORDER BY event_time, seq")) {
            select.setString(1, runId);
            return list(select);
        }
    }

    /** The events of several runs, each run's oldest first. */
    public Map<String, List<StoredEvent>> forRuns(Connection connection, List<String> runIds) throws SQLException {
        Map<String, List<StoredEvent>> byRun = new LinkedHashMap<>();
        runIds.forEach(id -> byRun.put(id, new ArrayList<>()));
        if (runIds.isEmpty()) {
            return byRun;
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM gateway.events WHERE run_id = ANY (?) ORDER BY event_time, seq")) {
            select.setArray(1, connection.createArrayOf("text", runIds.toArray()));
            for (StoredEvent event : list(select)) {
                byRun.get(event.runId()).add(event);
            }
        }
        return byRun;
    }

    /** The newest runs, by their first event, optionally of one application. */
    public List<RunHead> recentRuns(Connection connection, String app, int limit) throws SQLException {
        return recentRuns(connection, app, null, limit);
    }

    /**
     * The newest runs, by their first event, optionally of one application, that come after {@code after} in that
     * order (newest first, then by run id): the next page of a list whose last run was {@code after}.
     *
     * @param after the last run of the previous page, or null for the first page
     */
    public List<RunHead> recentRuns(Connection connection, String app, RunHead after, int limit)
            throws SQLException {
        String sql = "SELECT run_id, min(app) AS app, min(event_time) AS started FROM gateway.events"
                + (app == null ? "" : " WHERE app = ?") + " GROUP BY run_id"
                + (after == null ? "" : " HAVING min(event_time) < ? OR (min(event_time) = ? AND run_id > ?)")
                + " ORDER BY started DESC, run_id LIMIT ?";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int i = 1;
            if (app != null) {
                select.setString(i++, app);
            }
            if (after != null) {
                Sql.setInstant(select, i++, after.startedAt());
                Sql.setInstant(select, i++, after.startedAt());
                select.setString(i++, after.runId());
            }
            select.setInt(i, limit);
            List<RunHead> heads = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    heads.add(new RunHead(rows.getString(1), rows.getString(2), Sql.getInstant(rows, 3)));
                }
            }
            return heads;
        }
    }

    /** A run's id, application and first event time, or empty when no event of it is stored. */
    public Optional<RunHead> runHead(Connection connection, String runId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT run_id, min(app), min(event_time) "
                + "FROM gateway.events WHERE run_id = ? GROUP BY run_id")) {
            select.setString(1, runId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next()
                        ? Optional.of(new RunHead(rows.getString(1), rows.getString(2), Sql.getInstant(rows, 3)))
                        : Optional.empty();
            }
        }
    }

    private static List<StoredEvent> list(PreparedStatement select) throws SQLException {
        List<StoredEvent> events = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                events.add(new StoredEvent(rows.getString(1), rows.getString(2), rows.getString(3),
                        rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
                        rows.getString(8), Sql.getInstant(rows, 9), rows.getString(10)));
            }
        }
        return events;
    }
}

package dev.slipway.gateway.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.slipway.gateway.support.Sql;
import dev.slipway.gateway.timeline.StoredEvent;

/** The {@code gateway.outbox} table: events to publish, in the order they were written. */
public final class OutboxStore {

    /** Arbitrary but fixed: the advisory lock that lets one relay at a time publish, across gateway instances. */
    static final long RELAY_LOCK = 0x5119_3A7E_0000_0001L;

    /** An unpublished event and its row id. */
    public record Pending(long id, StoredEvent event, int attempts) {
    }

    /** Adds {@code event} to the outbox, in the caller's transaction. */
    public void enqueue(Connection connection, StoredEvent event) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO gateway.outbox (event_id, topic, "
                + "type, source, app, run_id, causation_id, replay_of, event_time, payload) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
            insert.executeUpdate();
        }
    }

    /** Takes the relay lock for the caller's session; false when another relay holds it. */
    boolean tryLock(Connection connection) throws SQLException {
        return advisory(connection, "SELECT pg_try_advisory_lock(?)");
    }

    void unlock(Connection connection) throws SQLException {
        advisory(connection, "SELECT pg_advisory_unlock(?)");
    }

    private static boolean advisory(Connection connection, String sql) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(sql)) {
            lock.setLong(1, RELAY_LOCK);
            try (ResultSet rows = lock.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    /** The oldest unpublished events. */
    List<Pending> pending(Connection connection, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id, event_id, topic, type, source, app, "
                + "run_id, causation_id, replay_of, event_time, payload, attempts FROM gateway.outbox "
                + "WHERE sent_at IS NULL ORDER BY id LIMIT ?")) {
            select.setInt(1, limit);
            List<Pending> pending = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    pending.add(new Pending(rows.getLong("id"), new StoredEvent(rows.getString("event_id"),
                            rows.getString("topic"), rows.getString("type"), rows.getString("source"),
                            rows.getString("app"), rows.getString("run_id"), rows.getString("causation_id"),
                            rows.getString("replay_of"), Sql.getInstant(rows, "event_time"), rows.getString("payload")),
                            rows.getInt("attempts")));
                }
            }
            return pending;
        }
    }

    void markSent(Connection connection, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE gateway.outbox SET sent_at = now(), "
                + "attempts = attempts + 1, last_error = NULL WHERE id = ANY(?)")) {
            update.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            update.executeUpdate();
        }
    }

    void markFailed(Connection connection, long id, String error) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE gateway.outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?")) {
            update.setString(1, error);
            update.setLong(2, id);
            update.executeUpdate();
        }
    }

    /** How many events wait to be published. */
    public long backlog(Connection connection) throws SQLException {
        try (PreparedStatement count = connection
                .prepareStatement("SELECT count(*) FROM gateway.outbox WHERE sent_at IS NULL");
                ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}

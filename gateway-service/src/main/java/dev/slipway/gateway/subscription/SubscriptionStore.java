package dev.slipway.gateway.subscription;

import java.net.URI;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.slipway.gateway.crypto.SecretBox;
import dev.slipway.gateway.support.Database;
import dev.slipway.gateway.support.Sql;
import dev.slipway.gateway.timeline.StoredEvent;

/** The subscription tables: subscriptions, one delivery per matching event, and every attempt. */
public final class SubscriptionStore {

    private static final String COLUMNS = "id, name, url, secret_ciphertext, apps, environments, event_types, "
            + "outcomes, created_by, created_at";

    /** Where a delivery stands. */
    public enum Status {
        PENDING, DELIVERED, FAILED
    }

    /** The oldest pending delivery of a subscription, due now. */
    public record Head(long deliveryId, String subscriptionId) {
    }

    /** A delivery as the log shows it. */
    public record Delivery(long id, String subscriptionId, String eventId, String eventType, Status status,
            int attempts, Instant nextAttemptAt, Integer lastStatusCode, String lastError, Instant createdAt,
            Instant deliveredAt, List<AttemptRecord> attemptLog) {
    }

    /** One HTTP attempt of a delivery. */
    public record AttemptRecord(int attempt, Instant at, Integer statusCode, String error, long durationMillis) {
    }

    private final Database database;
    private final SecretBox box;

    public SubscriptionStore(Database database, SecretBox box) {
        this.database = database;
        this.box = box;
    }

    public Subscription create(SubscriptionRequest.Checked request, String by, Instant now) {
        String id = UUID.randomUUID().toString();
        database.read(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO gateway.subscriptions (id, name, "
                    + "url, secret_ciphertext, secret_key_id, apps, environments, event_types, outcomes, created_by, "
                    + "created_at) VALUES (?::uuid, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, request.name());
                insert.setString(3, request.url().toString());
                insert.setBytes(4, box.encrypt(request.secret(), aad(id)));
                insert.setString(5, box.keyId());
                insert.setArray(6, texts(connection, request.filter().apps()));
                insert.setArray(7, texts(connection, request.filter().environments()));
                insert.setArray(8, texts(connection, request.filter().eventTypes()));
                insert.setArray(9, texts(connection, request.filter().outcomes()));
                insert.setString(10, by);
                Sql.setInstant(insert, 11, now);
                return insert.executeUpdate();
            }
        });
        return new Subscription(id, request.name(), request.url(), request.secret(), request.filter(), by, now);
    }

    public List<Subscription> list() {
        return database.read(connection -> all(connection, "SELECT " + COLUMNS
                + " FROM gateway.subscriptions ORDER BY created_at, id"));
    }

    public Optional<Subscription> find(String id) {
        return database.read(connection -> find(connection, id));
    }

    public boolean delete(String id) {
        return database.read(connection -> {
            try (PreparedStatement delete = connection
                    .prepareStatement("DELETE FROM gateway.subscriptions WHERE id::text = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate() == 1;
            }
        });
    }

    /** Queues {@code event} for every subscription it matches, in the transaction that recorded it. */
    public void enqueue(Connection connection, StoredEvent event) throws SQLException {
        List<Subscription> matching = new ArrayList<>();
        for (Subscription subscription : all(connection, "SELECT " + COLUMNS + " FROM gateway.subscriptions")) {
            if (subscription.filter().matches(event)) {
                matching.add(subscription);
            }
        }
        if (matching.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO gateway.subscription_deliveries "
                + "(subscription_id, event_id, status, next_attempt_at) VALUES (?::uuid, ?, 'PENDING', now()) "
                + "ON CONFLICT DO NOTHING")) {
            for (Subscription subscription : matching) {
                insert.setString(1, subscription.id());
                insert.setString(2, event.eventId());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Each subscription's oldest pending delivery, where that one is due. */
    public List<Head> dueHeads() {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT h.id, h.subscription_id FROM ("
                    + "SELECT DISTINCT ON (subscription_id) id, subscription_id, next_attempt_at "
                    + "FROM gateway.subscription_deliveries WHERE status = 'PENDING' ORDER BY subscription_id, id"
                    + ") h WHERE h.next_attempt_at <= now()");
                    ResultSet rows = select.executeQuery()) {
                List<Head> heads = new ArrayList<>();
                while (rows.next()) {
                    heads.add(new Head(rows.getLong(1), rows.getString(2)));
                }
                return heads;
            }
        });
    }

    /** The delivery log of a subscription, newest first, each with its attempts. */
    public List<Delivery> deliveries(String subscriptionId, int limit) {
        return database.read(connection -> {
            Map<Long, Delivery> deliveries = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT d.id, d.subscription_id, d.event_id, "
                    + "e.type, d.status, d.attempts, d.next_attempt_at, d.last_status_code, d.last_error, "
                    + "d.created_at, d.delivered_at FROM gateway.subscription_deliveries d "
                    + "LEFT JOIN gateway.events e ON e.event_id = d.event_id "
                    + "WHERE d.subscription_id::text = ? ORDER BY d.id DESC LIMIT ?")) {
                select.setString(1, subscriptionId);
                select.setInt(2, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        int code = rows.getInt("last_status_code");
                        deliveries.put(rows.getLong("id"), new Delivery(rows.getLong("id"),
                                rows.getString("subscription_id"), rows.getString("event_id"), rows.getString("type"),
                                Status.valueOf(rows.getString("status")), rows.getInt("attempts"),
                                Sql.getInstant(rows, "next_attempt_at"), rows.wasNull() ? null : code,
                                rows.getString("last_error"), Sql.getInstant(rows, "created_at"),
                                Sql.getInstant(rows, "delivered_at"), new ArrayList<>()));
                    }
                }
            }
            if (deliveries.isEmpty()) {
                return List.of();
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT delivery_id, attempt, attempted_at, "
                    + "status_code, error, duration_ms FROM gateway.subscription_attempts WHERE delivery_id = ANY (?) "
                    + "ORDER BY delivery_id, attempt")) {
                select.setArray(1, connection.createArrayOf("bigint", deliveries.keySet().toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        int code = rows.getInt("status_code");
                        Integer statusCode = rows.wasNull() ? null : code;
                        deliveries.get(rows.getLong("delivery_id")).attemptLog().add(new AttemptRecord(
                                rows.getInt("attempt"), Sql.getInstant(rows, "attempted_at"), statusCode,
                                rows.getString("error"), rows.getLong("duration_ms")));
                    }
                }
            }
            return List.copyOf(deliveries.values());
        });
    }

    // Used by the dispatcher, inside its transaction.

    /** Takes the subscription's dispatch lock for the caller's transaction; false when another holds it. */
    boolean tryLock(Connection connection, String subscriptionId) throws SQLException {
        try (PreparedStatement lock = connection
                .prepareStatement("SELECT pg_try_advisory_xact_lock(hashtext('subscription:' || ?))")) {
            lock.setString(1, subscriptionId);
            try (ResultSet rows = lock.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    /** The delivery's event id and attempts so far, if it is still pending. */
    Optional<Map.Entry<String, Integer>> pending(Connection connection, long deliveryId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT event_id, attempts FROM "
                + "gateway.subscription_deliveries WHERE id = ? AND status = 'PENDING' FOR UPDATE")) {
            select.setLong(1, deliveryId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(Map.entry(rows.getString(1), rows.getInt(2))) : Optional.empty();
            }
        }
    }

    Optional<Subscription> find(Connection connection, String id) throws SQLException {
        return all(connection, "SELECT " + COLUMNS + " FROM gateway.subscriptions WHERE id::text = ?", id).stream()
                .findFirst();
    }

    void recordAttempt(Connection connection, long deliveryId, int attempt, Instant at, WebhookSender.Attempt result,
            Status status, Instant nextAttemptAt) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE gateway.subscription_deliveries SET "
                + "status = ?, attempts = ?, next_attempt_at = ?, last_status_code = ?, last_error = ?, "
                + "delivered_at = ? WHERE id = ?")) {
            update.setString(1, status.name());
            update.setInt(2, attempt);
            Sql.setInstant(update, 3, nextAttemptAt);
            update.setObject(4, result.statusCode(), java.sql.Types.INTEGER);
            Sql.setNullable(update, 5, result.error());
            Sql.setInstant(update, 6, status == Status.DELIVERED ? at : null);
            update.setLong(7, deliveryId);
            update.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO gateway.subscription_attempts "
                + "(delivery_id, attempt, attempted_at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, deliveryId);
            insert.setInt(2, attempt);
            Sql.setInstant(insert, 3, at);
            insert.setObject(4, result.statusCode(), java.sql.Types.INTEGER);
            Sql.setNullable(insert, 5, result.error());
            insert.setLong(6, result.durationMillis());
            insert.executeUpdate();
        }
    }

    private List<Subscription> all(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setString(i + 1, parameters[i]);
            }
            List<Subscription> found = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String id = rows.getString("id");
                    found.add(new Subscription(id, rows.getString("name"), URI.create(rows.getString("url")),
                            box.decrypt(rows.getBytes("secret_ciphertext"), aad(id)),
                            new SubscriptionFilter(strings(rows.getArray("apps")),
                                    strings(rows.getArray("environments")), strings(rows.getArray("event_types")),
                                    strings(rows.getArray("outcomes"))),
                            rows.getString("created_by"), Sql.getInstant(rows, "created_at")));
                }
            }
            return found;
        }
    }

    private static String aad(String id) {
        return "subscription:" + id;
    }

    private static Array texts(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}

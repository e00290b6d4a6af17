package dev.slipway.secrets.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

/** The {@code secrets.targets} table: each application's environments and namespaces, as its spec declares them. */
public final class TargetStore {

    private final DataSource dataSource;
    private final Clock clock;

    public TargetStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Replaces what is known of {@code app}'s environments with those of its latest spec, in promotion order.
     * Environments dropped from the spec are forgotten (their secrets stay, unsynced).
     *
     * @param namespaces environment name to namespace, in the spec's order
     * @return the targets now known
     */
    public List<Target> learn(String app, Map<String, String> namespaces) {
        return Jdbc.inTransaction(dataSource, "recording the environments of " + app, connection -> {
            Instant now = clock.instant();
            int position = 0;
            for (Map.Entry<String, String> entry : namespaces.entrySet()) {
                try (PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO secrets.targets (app, environment, namespace, position, learned_at)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (app, environment) DO UPDATE SET position = excluded.position,
                            learned_at = excluded.learned_at,
                            last_checksum = CASE WHEN secrets.targets.namespace = excluded.namespace
                                THEN secrets.targets.last_checksum END,
                            last_synced_at = CASE WHEN secrets.targets.namespace = excluded.namespace
                                THEN secrets.targets.last_synced_at END,
                            namespace = excluded.namespace""")) {
                    upsert.setString(1, app);
                    upsert.setString(2, entry.getKey());
                    upsert.setString(3, entry.getValue());
                    upsert.setInt(4, position++);
                    upsert.setObject(5, Jdbc.timestamp(now));
                    upsert.executeUpdate();
                }
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM secrets.targets WHERE app = ? AND NOT (environment = ANY (?))")) {
                delete.setString(1, app);
                delete.setArray(2, connection.createArrayOf("text", namespaces.keySet().toArray()));
                delete.executeUpdate();
            }
            return targets(connection, app);
        });
    }

    /** The known environments of {@code app}, in promotion order. */
    public List<Target> targets(String app) {
        return Jdbc.read(dataSource, "reading the environments of " + app, connection -> targets(connection, app));
    }

    public Optional<Target> target(String app, String environment) {
        return targets(app).stream().filter(t -> t.environment().equals(environment)).findFirst();
    }

    /** Every known environment of every application. */
    public List<Target> all() {
        return Jdbc.read(dataSource, "reading every environment", connection -> select(connection,
                "SELECT app, environment, namespace, last_checksum, last_synced_at FROM secrets.targets"
                        + " ORDER BY app, position",
                null));
    }

    /** Records a successful sync. */
    public void synced(Target target, String checksum) {
        Jdbc.inTransaction(dataSource, "recording a sync of " + target.app(), connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE secrets.targets SET last_checksum = ?, last_synced_at = ?
                    WHERE app = ? AND environment = ? AND namespace = ?""")) {
                update.setString(1, checksum);
                update.setObject(2, Jdbc.timestamp(clock.instant()));
                update.setString(3, target.app());
                update.setString(4, target.environment());
                update.setString(5, target.namespace());
                return update.executeUpdate();
            }
        });
    }

    private static List<Target> targets(Connection connection, String app) throws SQLException {
        return select(connection, "SELECT app, environment, namespace, last_checksum, last_synced_at"
                + " FROM secrets.targets WHERE app = ? ORDER BY position", app);
    }

    private static List<Target> select(Connection connection, String sql, String app) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            if (app != null) {
                select.setString(1, app);
            }
            List<Target> targets = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    OffsetDateTime synced = rows.getObject(5, OffsetDateTime.class);
                    targets.add(new Target(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            synced == null ? null : synced.toInstant()));
                }
            }
            return targets;
        }
    }
}

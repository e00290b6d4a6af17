package dev.slipway.secrets.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/** The {@code secrets.audit_log} table. */
public final class AuditLog {

    private final DataSource dataSource;

    public AuditLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records {@code entry} in its own transaction. */
    public void record(AuditEntry entry) {
        try (Connection connection = dataSource.getConnection()) {
            record(connection, entry);
        } catch (SQLException e) {
            throw new StoreUnavailableException("writing the audit log", e);
        }
    }

    /** Records {@code entry} in the caller's transaction, so a change and its audit line commit together. */
    static void record(Connection connection, AuditEntry entry) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO secrets.audit_log (at, actor, action, app, environment, key, version, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setObject(1, OffsetDateTime.ofInstant(entry.at(), ZoneOffset.UTC));
            insert.setString(2, entry.actor());
            insert.setString(3, entry.action().lowerName());
            insert.setString(4, entry.app());
            insert.setString(5, entry.environment());
            insert.setString(6, entry.key());
            if (entry.version() == null) {
                insert.setNull(7, Types.INTEGER);
            } else {
                insert.setInt(7, entry.version());
            }
            insert.setString(8, entry.detail());
            insert.executeUpdate();
        }
    }

    /** The latest {@code limit} entries of {@code app}, newest first. */
    public List<AuditEntry> list(String app, int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT at, actor, action, app, environment, key, version, detail FROM secrets.audit_log
                        WHERE app = ? ORDER BY id DESC LIMIT ?""")) {
            select.setString(1, app);
            select.setInt(2, limit);
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(new AuditEntry(rows.getObject(1, OffsetDateTime.class).toInstant(), rows.getString(2),
                            AuditAction.ofLowerName(rows.getString(3)), rows.getString(4), rows.getString(5),
                            rows.getString(6), (Integer) rows.getObject(7), rows.getString(8)));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new StoreUnavailableException("reading the audit log", e);
        }
    }
}

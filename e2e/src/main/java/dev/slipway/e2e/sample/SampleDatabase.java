package dev.slipway.e2e.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.postgresql.Driver;

import dev.slipway.e2e.services.Infrastructure;

/**
 * The sample application's database: its own role and database with an {@code orders} table, which the backup before
 * production dumps and the restore drill counts.
 */
public final class SampleDatabase {

    private SampleDatabase() {
    }

    /**
     * Creates (or recreates) the role {@code user} with {@code password} and the database {@code name} it owns, with
     * {@code rows} orders.
     */
    public static void create(Infrastructure.Database server, String name, String user, String password, int rows) {
        try (Connection admin = connect(server, "postgres")) {
            try (Statement sql = admin.createStatement()) {
                sql.execute("DROP DATABASE IF EXISTS \"" + name + "\"");
                sql.execute("DROP ROLE IF EXISTS \"" + user + "\"");
            }
            try (PreparedStatement create = admin.prepareStatement(
                    "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', ?::text, ?::text)")) {
                create.setString(1, user);
                create.setString(2, password);
                try (ResultSet statement = create.executeQuery(); Statement sql = admin.createStatement()) {
                    statement.next();
                    sql.execute(statement.getString(1));
                    sql.execute("CREATE DATABASE \"" + name + "\" OWNER \"" + user + "\"");
                }
            }
            try (Connection db = connect(server, name); Statement sql = db.createStatement()) {
                sql.execute("SET ROLE \"" + user + "\"");
                sql.execute("""
                        CREATE TABLE orders (
                            id bigint PRIMARY KEY,
                            customer text NOT NULL,
                            total_cents integer NOT NULL,
                            placed_at timestamptz NOT NULL DEFAULT now())""");
                sql.execute("INSERT INTO orders (id, customer, total_cents) SELECT i, 'customer-' || (i % 97), "
                        + "(i * 37) % 10000 FROM generate_series(1, " + rows + ") AS i");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the sample database " + name, e);
        }
    }

    /** Creates {@code name} unless it exists (the services' own databases). */
    public static void ensureDatabase(Infrastructure.Database server, String name) {
        try (Connection admin = connect(server, "postgres")) {
            try (PreparedStatement exists = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name);
                try (ResultSet found = exists.executeQuery()) {
                    if (found.next()) {
                        return;
                    }
                }
            }
            try (Statement sql = admin.createStatement()) {
                sql.execute("CREATE DATABASE \"" + name + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
    }

    private static Connection connect(Infrastructure.Database server, String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", server.user());
        properties.setProperty("password", server.password());
        return new Driver().connect(server.jdbcUrl(database), properties);
    }
}

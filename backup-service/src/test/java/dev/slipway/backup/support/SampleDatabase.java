package dev.slipway.backup.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.postgresql.Driver;

import dev.slipway.backup.postgres.DatabaseTarget;
import dev.slipway.contracts.SecretValue;
import dev.slipway.testkit.postgres.Postgres;

/**
 * A database of known rows in the testkit's PostgreSQL cluster, owned by a login role that must give its password.
 * The cluster trusts its superuser; for the roles made here it asks for a password (SCRAM), so a wrong one fails
 * as it would in production.
 */
public final class SampleDatabase {

    public static final int CUSTOMERS = 2_000;
    public static final int ORDERS = 3_000;
    public static final int INVOICES = 500;
    public static final int TABLES = 3;
    public static final long ROWS = CUSTOMERS + ORDERS + INVOICES;
    /** A value stored in the data, to look for in the bytes of a backup. */
    public static final String MARKER = "plainly-visible-customer-name";

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static boolean passwordsRequired;

    private final Postgres postgres;
    private final String name;
    private final String user;
    private final SecretValue password;

    private SampleDatabase(Postgres postgres, String name, String user, SecretValue password) {
        this.postgres = postgres;
        this.name = name;
        this.user = user;
        this.password = password;
    }

    /** A new database with {@link #TABLES} tables and {@link #ROWS} rows, owned by a new role. */
    public static SampleDatabase create(String prefix) {
        Postgres postgres = Postgres.shared();
        requirePasswords(postgres);
        int n = COUNTER.incrementAndGet();
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + n;
        String user = name + "_owner";
        SecretValue password = SecretValue.of("pw-" + Long.toHexString(System.nanoTime()));
        try (Connection admin = postgres.connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE \"" + user + "\" LOGIN PASSWORD '" + password.reveal() + "'");
            statement.execute("CREATE DATABASE \"" + name + "\" OWNER \"" + user + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        SampleDatabase database = new SampleDatabase(postgres, name, user, password);
        database.fill();
        return database;
    }

    public String name() {
        return name;
    }

    public String user() {
        return user;
    }

    public SecretValue password() {
        return password;
    }

    public Postgres postgres() {
        return postgres;
    }

    /** The database as its owner logs in. */
    public DatabaseTarget target() {
        return new DatabaseTarget(postgres.host(), postgres.port(), name, user, password);
    }

    /** The cluster's {@code postgres} database as the superuser, where restore drills create scratch databases. */
    public static DatabaseTarget drillServer() {
        Postgres postgres = Postgres.shared();
        return new DatabaseTarget(postgres.host(), postgres.port(), "postgres", postgres.username(),
                SecretValue.of(postgres.password()));
    }

    public static Path binDir() {
        return Postgres.shared().program("pg_dump").getParent();
    }

    /** Runs statements in this database as its owner. */
    public void execute(String... sql) {
        try (Connection connection = postgres.connect(name); Statement statement = connection.createStatement()) {
            statement.execute("SET ROLE \"" + user + "\"");
            for (String s : sql) {
                statement.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run SQL in " + name, e);
        }
    }

    /**
     * Adds a table {@code payload} of {@code rows} rows of random hexadecimal text ({@code 32 * md5PerRow} characters
     * each), which compresses to about half: a dump large enough to span upload parts.
     */
    public SampleDatabase addPayload(int rows, int md5PerRow) {
        String body = String.join(" || ", java.util.Collections.nCopies(md5PerRow, "md5(random()::text)"));
        execute("CREATE TABLE payload (id bigint PRIMARY KEY, body text NOT NULL)",
                "INSERT INTO payload SELECT i, " + body + " FROM generate_series(1, " + rows + ") i");
        return this;
    }

    /** Lets this database's owner create databases, as a restore into a new database needs. */
    public SampleDatabase allowCreatingDatabases() {
        try (Connection admin = postgres.connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("ALTER ROLE \"" + user + "\" CREATEDB");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot grant CREATEDB to " + user, e);
        }
        return this;
    }

    /** The rows of {@code table} in the cluster's database {@code database}, counted as the superuser. */
    public static long count(String database, String table) {
        try (Connection connection = Postgres.shared().connect(database);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count " + table + " in " + database, e);
        }
    }

    /** Whether the cluster has a database named {@code database}. */
    public static boolean exists(String database) {
        return databasesStartingWith(database).contains(database);
    }

    /** Names of the databases in the cluster whose names start with {@code prefix}. */
    public static List<String> databasesStartingWith(String prefix) {
        List<String> names = new ArrayList<>();
        try (Connection admin = Postgres.shared().connect("postgres");
                Statement statement = admin.createStatement();
                ResultSet result = statement.executeQuery("SELECT datname FROM pg_database")) {
            while (result.next()) {
                if (result.getString(1).startsWith(prefix)) {
                    names.add(result.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    private void fill() {
        execute("""
                CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, created timestamptz NOT NULL)""",
                """
                        INSERT INTO customers
                        SELECT i, CASE WHEN i = 1 THEN '%s' ELSE 'customer ' || i END, now()
                          FROM generate_series(1, %d) i""".formatted(MARKER, CUSTOMERS),
                """
                        CREATE TABLE orders (id bigint PRIMARY KEY, customer bigint NOT NULL REFERENCES customers,
                                             total numeric(10, 2) NOT NULL)""",
                "INSERT INTO orders SELECT i, 1 + i %% %d, i * 1.5 FROM generate_series(1, %d) i".formatted(CUSTOMERS,
                        ORDERS),
                "CREATE SCHEMA billing",
                "CREATE TABLE billing.invoices (id bigint PRIMARY KEY, paid boolean NOT NULL)",
                "INSERT INTO billing.invoices SELECT i, i %% 2 = 0 FROM generate_series(1, %d) i".formatted(INVOICES));
    }

    /**
     * Makes the cluster ask every role but the superuser for a password, by rewriting its {@code pg_hba.conf} through
     * the server itself (the data directory belongs to the {@code postgres} user).
     */
    private static synchronized void requirePasswords(Postgres postgres) {
        if (passwordsRequired) {
            return;
        }
        try (Connection admin = postgres.connect("postgres"); Statement statement = admin.createStatement()) {
            String hbaFile;
            try (ResultSet result = statement.executeQuery("SHOW hba_file")) {
                result.next();
                hbaFile = result.getString(1);
            }
            String rules = String.join("\n",
                    "local all all trust",
                    "host all " + Postgres.USERNAME + " 127.0.0.1/32 trust",
                    "host all all 127.0.0.1/32 scram-sha-256");
            statement.execute("COPY (SELECT unnest(string_to_array('" + rules + "', E'\\n'))) TO '" + hbaFile + "'");
            statement.execute("SELECT pg_reload_conf()");
            statement.execute("DROP ROLE IF EXISTS slipway_hba_check");
            statement.execute("CREATE ROLE slipway_hba_check LOGIN PASSWORD 'right'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot require passwords in the test cluster", e);
        }
        // The postmaster reloads the rules on a signal: wait until a wrong password is refused.
        Awaitility.await("pg_hba.conf to be reloaded").atMost(Duration.ofSeconds(10))
                .until(() -> refusesWrongPassword(postgres));
        passwordsRequired = true;
    }

    private static boolean refusesWrongPassword(Postgres postgres) {
        Properties properties = new Properties();
        properties.setProperty("user", "slipway_hba_check");
        properties.setProperty("password", "wrong");
        try (Connection connection = new Driver().connect(postgres.jdbcUrl("postgres"), properties)) {
            return false;
        } catch (SQLException e) {
            return "28P01".equals(e.getSQLState());
        }
    }
}

package dev.slipway.backup.postgres;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.postgresql.Driver;

import dev.slipway.backup.BackupException;
import dev.slipway.backup.BackupException.Problem;

/**
 * The PostgreSQL client side of a backup: JDBC connections and the {@code pg_dump} and {@code pg_restore} programs
 * of one installation. Connection settings and the password reach the programs through their environment
 * ({@code PGHOST}, {@code PGPORT}, {@code PGUSER}, {@code PGDATABASE}, {@code PGPASSWORD}), never their command line,
 * which any user of the machine can read.
 */
public final class PostgresTools {

    /** The application name PostgreSQL shows for Slipway's sessions. */
    public static final String APPLICATION_NAME = "slipway-backup";

    private final Path binDir;
    private final Duration connectTimeout;

    public PostgresTools(Path binDir, Duration connectTimeout) {
        this.binDir = binDir;
        this.connectTimeout = connectTimeout;
    }

    public Path program(String name) throws BackupException {
        Path program = binDir.resolve(name);
        if (!Files.isExecutable(program)) {
            throw new BackupException(Problem.DUMP_FAILED, name + " not found in " + binDir
                    + " (set slipway.backup.postgres.bin-dir to a PostgreSQL client installation)");
        }
        return program;
    }

    /** The version of the {@code pg_dump} program. */
    public PostgresVersion clientVersion() throws BackupException {
        Path pgDump = program("pg_dump");
        try {
            Process process = new ProcessBuilder(pgDump.toString(), "--version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new BackupException(Problem.DUMP_FAILED, pgDump + " --version failed: " + output.strip());
            }
            return PostgresVersion.ofClient(output);
        } catch (IOException | IllegalArgumentException e) {
            throw new BackupException(Problem.DUMP_FAILED, "cannot tell the version of " + pgDump + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(Problem.TIMEOUT, "interrupted while asking pg_dump its version", e);
        }
    }

    /**
     * A JDBC connection to {@code target}.
     *
     * @throws BackupException {@code AUTHENTICATION}, {@code DATABASE_MISSING} or {@code DATABASE_UNREACHABLE}
     */
    public Connection connect(DatabaseTarget target) throws BackupException {
        Properties properties = new Properties();
        properties.setProperty("user", target.user());
        properties.setProperty("password", target.password().reveal());
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("connectTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        properties.setProperty("loginTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        // Encoded, so that no character of the database name can add to the URL.
        String url = "jdbc:postgresql://" + hostForUrl(target.host()) + ":" + target.port() + "/"
                + URLEncoder.encode(target.database(), StandardCharsets.UTF_8);
        try {
            Connection connection = new Driver().connect(url, properties);
            if (connection == null) {
                throw new BackupException(Problem.DATABASE_UNREACHABLE, "no PostgreSQL driver for " + url);
            }
            return connection;
        } catch (SQLException e) {
            throw classify(e, target);
        }
    }

    /** The version of the server behind {@code connection}. */
    public static PostgresVersion serverVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement
                        .executeQuery("SELECT current_setting('server_version_num')::int, version()")) {
            result.next();
            String banner = result.getString(2);
            // version() reads "PostgreSQL 15.14 (Debian ...) on x86_64..."
            String text = banner.startsWith("PostgreSQL ") ? banner.substring("PostgreSQL ".length()) : banner;
            return PostgresVersion.ofServer(result.getInt(1), text);
        }
    }

    /** {@code pg_dump} in the custom format to standard output, reading the exported {@code snapshot}. */
    public ProcessBuilder pgDump(DatabaseTarget source, String snapshot) throws BackupException {
        List<String> command = new ArrayList<>(List.of(program("pg_dump").toString(), "--format=custom",
                "--no-password"));
        if (snapshot != null) {
            command.add("--snapshot=" + snapshot);
        }
        return withEnvironment(new ProcessBuilder(command), source);
    }

    /**
     * {@code pg_restore} of a custom-format archive from standard input into {@code scratch}, without owners or
     * grants (the roles of the source need not exist where the drill runs), stopping at the first error.
     */
    public ProcessBuilder pgRestore(DatabaseTarget scratch) throws BackupException {
        List<String> command = List.of(program("pg_restore").toString(), "--no-password", "--no-owner",
                "--no-privileges", "--exit-on-error", "--dbname=" + scratch.database());
        return withEnvironment(new ProcessBuilder(command), scratch);
    }

    /**
     * {@code pg_restore} of a custom-format archive from standard input into {@code target}, which may already hold
     * data: each object of the archive is dropped (if present) and recreated, without owners or grants, all in one
     * transaction that any error rolls back, so the target is either restored or left as it was.
     */
    public ProcessBuilder pgRestoreReplacing(DatabaseTarget target) throws BackupException {
        List<String> command = List.of(program("pg_restore").toString(), "--no-password", "--no-owner",
                "--no-privileges", "--exit-on-error", "--single-transaction", "--clean", "--if-exists",
                "--dbname=" + target.database());
        return withEnvironment(new ProcessBuilder(command), target);
    }

    private ProcessBuilder withEnvironment(ProcessBuilder builder, DatabaseTarget target) {
        Map<String, String> env = builder.environment();
        // Nothing of the service's own libpq settings (PGSERVICE, PGSSLMODE, ...) leaks into the child.
        env.keySet().removeIf(name -> name.startsWith("PG"));
        env.put("PGHOST", target.host());
        env.put("PGPORT", Integer.toString(target.port()));
        env.put("PGUSER", target.user());
        env.put("PGDATABASE", target.database());
        env.put("PGPASSWORD", target.password().reveal());
        env.put("PGAPPNAME", APPLICATION_NAME);
        env.put("PGCONNECT_TIMEOUT", Long.toString(Math.max(2, connectTimeout.toSeconds())));
        return builder;
    }

    /** The kind of failure a program's standard error tells of. */
    public static Problem classifyOutput(List<String> stderr, Problem otherwise) {
        String text = String.join("\n", stderr).toLowerCase(Locale.ROOT);
        if (text.contains("password authentication failed") || text.contains("no password supplied")
                || text.contains("authentication failed")) {
            return Problem.AUTHENTICATION;
        }
        if (text.contains("server version mismatch")) {
            return Problem.VERSION_MISMATCH;
        }
        if (text.contains("does not exist") && text.contains("database")) {
            return Problem.DATABASE_MISSING;
        }
        if (text.contains("could not connect") || text.contains("connection refused")
                || text.contains("could not translate host name") || text.contains("timeout expired")) {
            return Problem.DATABASE_UNREACHABLE;
        }
        return otherwise;
    }

    /**
     * The line of a program's standard error that says what failed: the last {@code error:} line (the
     * {@code detail:} lines after it only quote the query), else the last line; prefixed with {@code ": "}.
     */
    public static String errorLine(List<String> stderr) {
        for (int i = stderr.size() - 1; i >= 0; i--) {
            if (stderr.get(i).contains("error:")) {
                return ": " + stderr.get(i);
            }
        }
        return stderr.isEmpty() ? "" : ": " + stderr.get(stderr.size() - 1);
    }

    static BackupException classify(SQLException e, DatabaseTarget target) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = target.describe();
        if (state.equals("28P01") || state.equals("28000")) {
            return new BackupException(Problem.AUTHENTICATION, "PostgreSQL refused the login " + where + ": "
                    + e.getMessage(), e);
        }
        if (state.equals("3D000")) {
            return new BackupException(Problem.DATABASE_MISSING, "no database " + where, e);
        }
        return new BackupException(Problem.DATABASE_UNREACHABLE, "cannot connect to " + where + ": "
                + e.getMessage(), e);
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}

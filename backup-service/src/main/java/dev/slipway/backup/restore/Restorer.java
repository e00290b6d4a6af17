package dev.slipway.backup.restore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.slipway.backup.BackupException;
import dev.slipway.backup.BackupException.Problem;
import dev.slipway.backup.drill.RestoreDrill;
import dev.slipway.backup.postgres.Census;
import dev.slipway.backup.postgres.DatabaseTarget;
import dev.slipway.backup.postgres.PostgresTools;
import dev.slipway.backup.storage.StoredBackup;

/**
 * Restores a backup into a named database on its source's server, logged in as the source's user, on request. The
 * archive goes through {@link ArchiveRestore} as in a restore drill, into {@code pg_restore --clean --if-exists
 * --single-transaction}: either every object of the backup is replaced, or (on any error, a damaged backup or a wrong
 * checksum) the target is left as it was. Afterwards the backup's tables are counted in the target and must hold the
 * rows the source held when it was dumped.
 *
 * <p>
 * Overwriting is never implicit: the source database itself is refused unless {@code force} is given, and so is any
 * other existing database that already holds tables. A target that does not exist is created (the user then needs
 * {@code CREATEDB}) and dropped again if the restore fails.
 */
public final class Restorer {

    /** Database names a restore may target: plain identifiers, so that no name can read as connection options. */
    private static final Pattern TARGET = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,62}");
    private static final Set<String> RESERVED = Set.of("template0", "template1", "postgres");
    private static final int DIFFERENCES_SHOWN = 5;
    private static final String USER_TABLES = """
            SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
            """;

    private final PostgresTools tools;
    private final ArchiveRestore archives;
    private final Clock clock;
    private final Duration timeout;
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();

    public Restorer(PostgresTools tools, ArchiveRestore archives, Clock clock, Duration timeout) {
        this.tools = tools;
        this.archives = archives;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * Why {@code target} cannot be restored into, or null when it can.
     */
    public static String invalidTarget(String target) {
        if (target == null || target.isBlank()) {
            return "name the target database: {\"target\": \"...\"}";
        }
        if (!TARGET.matcher(target).matches()) {
            return "the target database name must be letters, digits, '_' and '-' (at most 63, not starting with a"
                    + " digit or '-'), got '" + target + "'";
        }
        if (RESERVED.contains(target) || target.startsWith(RestoreDrill.SCRATCH_PREFIX)) {
            return "'" + target + "' is reserved: " + (target.startsWith(RestoreDrill.SCRATCH_PREFIX)
                    ? "restore drills use that prefix"
                    : "it belongs to the server");
        }
        return null;
    }

    /**
     * Restores {@code backup} into the database {@code target} on {@code source}'s server.
     *
     * @param source the database the backup was taken from, with the login to use
     * @param force whether existing data may be replaced: required for the source database and for any other target
     *        that already holds tables
     * @throws IllegalArgumentException when {@code target} is not a name a restore may use
     * @throws RestoreRefusedException when the restore would replace data without {@code force}, or another restore
     *         into the same database is running
     * @throws BackupException when the restore failed; the target is left as it was
     */
    public RestoreResult restore(StoredBackup backup, DatabaseTarget source, String target, boolean force)
            throws BackupException, RestoreRefusedException {
        String invalid = invalidTarget(target);
        if (invalid != null) {
            throw new IllegalArgumentException(invalid);
        }
        boolean isSource = target.equals(source.database()) || target.equals(backup.metadata().database());
        if (isSource && !force) {
            throw new RestoreRefusedException("'" + target + "' is the database backup " + backup.key()
                    + " was taken from: restoring replaces its data; repeat with force=true to do so");
        }
        DatabaseTarget into = source.withDatabase(target);
        String lock = source.host() + ":" + source.port() + "/" + target;
        if (running.putIfAbsent(lock, Boolean.TRUE) != null) {
            throw new RestoreRefusedException("a restore into '" + target + "' is already running");
        }
        try {
            return restoreExclusively(backup, source, into, isSource, force);
        } finally {
            running.remove(lock);
        }
    }

    private RestoreResult restoreExclusively(StoredBackup backup, DatabaseTarget source, DatabaseTarget into,
            boolean isSource, boolean force) throws BackupException, RestoreRefusedException {
        Instant started = clock.instant();
        Census expected = archives.storedCensus(backup);
        boolean created = prepare(source, into, isSource, force);
        ArchiveRestore.Fed fed;
        try {
            fed = archives.restore(backup, tools.pgRestoreReplacing(into), timeout, Problem.RESTORE_FAILED);
        } catch (BackupException e) {
            if (created) {
                dropQuietly(source, into.database());
            }
            throw reclassified(e);
        }
        Census restored = count(into, expected.rows().keySet());
        List<String> differences = expected.differences(restored);
        if (!differences.isEmpty()) {
            throw new BackupException(Problem.VERIFICATION_FAILED, "backup " + backup.key() + " was restored into "
                    + into.database() + ", but its tables there differ from the backup: "
                    + String.join("; ", differences.subList(0, Math.min(DIFFERENCES_SHOWN, differences.size()))),
                    differences, null);
        }
        return new RestoreResult(backup.key(), into.database(), created, fed.size(), fed.sha256(), restored.tables(),
                restored.totalRows(), started, clock.instant());
    }

    /**
     * Makes sure the target exists and may be written: creates it when missing, refuses a non-empty one without
     * {@code force}.
     *
     * @return whether the target was created
     */
    private boolean prepare(DatabaseTarget source, DatabaseTarget into, boolean isSource, boolean force)
            throws BackupException, RestoreRefusedException {
        try (Connection admin = tools.connect(source)) {
            if (!exists(admin, into.database())) {
                try (Statement statement = admin.createStatement()) {
                    statement.execute("CREATE DATABASE \"" + into.database() + "\" TEMPLATE template0");
                } catch (SQLException e) {
                    if ("42501".equals(e.getSQLState())) {
                        throw new BackupException(Problem.RESTORE_FAILED, "the role " + source.user()
                                + " may not create databases on " + source.host() + ":" + source.port()
                                + ": create " + into.database() + " for it first, or grant it CREATEDB", e);
                    }
                    throw e;
                }
                return true;
            }
        } catch (SQLException e) {
            throw new BackupException(Problem.DATABASE_UNREACHABLE, "preparing " + into.describe() + " failed: "
                    + e.getMessage(), e);
        }
        if (!isSource && !force) {
            long tables = userTables(into);
            if (tables > 0) {
                throw new RestoreRefusedException("'" + into.database() + "' already holds " + tables
                        + " table(s): restoring replaces the backup's objects in it; repeat with force=true to do so");
            }
        }
        return false;
    }

    private long userTables(DatabaseTarget into) throws BackupException {
        try (Connection connection = tools.connect(into);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(USER_TABLES)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new BackupException(Problem.DATABASE_UNREACHABLE, "reading " + into.describe() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** The restored counts of the backup's tables; tables the target holds besides them are not the backup's. */
    private Census count(DatabaseTarget into, Set<String> tables) throws BackupException {
        try (Connection connection = tools.connect(into)) {
            Census all = Census.take(connection);
            return new Census(all.rows().entrySet().stream().filter(e -> tables.contains(e.getKey()))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        } catch (SQLException e) {
            throw new BackupException(Problem.DATABASE_UNREACHABLE, "counting the rows restored into "
                    + into.describe() + " failed: " + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection admin, String database) throws SQLException {
        try (PreparedStatement statement = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, database);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    private void dropQuietly(DatabaseTarget source, String database) {
        try (Connection admin = tools.connect(source); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
        } catch (BackupException | SQLException e) {
            // the restore's own failure is what gets reported
        }
    }

    /** A failing {@code pg_restore} tells whether it was the login, the server or the archive. */
    private static BackupException reclassified(BackupException e) {
        if (e.problem() != Problem.RESTORE_FAILED || e.logTail().isEmpty()) {
            return e;
        }
        Problem problem = PostgresTools.classifyOutput(e.logTail(), Problem.RESTORE_FAILED);
        return problem == Problem.RESTORE_FAILED
                ? e
                : new BackupException(problem, e.getMessage(), e.logTail(), e.getCause());
    }
}

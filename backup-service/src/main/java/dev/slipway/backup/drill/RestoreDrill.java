package dev.slipway.backup.drill;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import dev.slipway.backup.BackupException;
import dev.slipway.backup.BackupException.Problem;
import dev.slipway.backup.crypto.Keyring;
import dev.slipway.backup.postgres.Census;
import dev.slipway.backup.postgres.DatabaseTarget;
import dev.slipway.backup.postgres.PostgresTools;
import dev.slipway.backup.postgres.PostgresVersion;
import dev.slipway.backup.restore.ArchiveRestore;
import dev.slipway.backup.storage.BackupBucket;
import dev.slipway.backup.storage.DrillRecord;
import dev.slipway.backup.storage.StoredBackup;

/**
 * Proves a backup restores: streams it through {@link ArchiveRestore} (download, decryption with each chunk
 * authenticated before a byte of it is used, size and SHA-256 checked) into {@code pg_restore} in a scratch database,
 * then compares the restored tables and row counts with the source's census, runs the probe query and drops the
 * scratch database whatever happened. Restores on request take the same path.
 */
public final class RestoreDrill {

    /** Scratch databases are named with this prefix, so an operator can find any left by a crash. */
    public static final String SCRATCH_PREFIX = "slipway_drill_";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int DIFFERENCES_SHOWN = 5;

    private final PostgresTools tools;
    private final Clock clock;
    private final Duration timeout;
    private final ArchiveRestore archives;

    public RestoreDrill(PostgresTools tools, BackupBucket bucket, Keyring keyring, Clock clock, Duration timeout) {
        this.tools = tools;
        this.clock = clock;
        this.timeout = timeout;
        this.archives = new ArchiveRestore(bucket, keyring);
    }

    /**
     * Drills {@code backup} on the server {@code drillServer} (whose login may create and drop databases).
     *
     * @param expected the source's census, or null to read the one stored beside the backup
     * @param probeQuery a query that must return a row in the restored copy, or null
     * @throws BackupException {@code VERIFICATION_FAILED} when the backup is damaged or does not match its source;
     *         other problems when the drill itself could not run
     */
    public DrillRecord drill(StoredBackup backup, Census expected, String probeQuery, DatabaseTarget drillServer)
            throws BackupException {
        Census census = expected != null ? expected : archives.storedCensus(backup);
        String scratch = SCRATCH_PREFIX + HexFormat.of().formatHex(randomBytes());
        try (Connection admin = tools.connect(drillServer)) {
            PostgresVersion server = PostgresTools.serverVersion(admin);
            if (parsedMajor(backup.metadata().postgresVersion()).filter(m -> m > server.major()).isPresent()) {
                throw new BackupException(Problem.VERSION_MISMATCH, "the drill server runs PostgreSQL " + server
                        + ", older than the source's " + backup.metadata().postgresVersion());
            }
            execute(admin, "CREATE DATABASE \"" + scratch + "\" TEMPLATE template0");
            try {
                return restoreAndCompare(backup, census, probeQuery, drillServer.withDatabase(scratch));
            } finally {
                execute(admin, "DROP DATABASE IF EXISTS \"" + scratch + "\" WITH (FORCE)");
            }
        } catch (SQLException e) {
            throw new BackupException(Problem.DATABASE_UNREACHABLE, "the drill server " + drillServer.describe()
                    + " failed: " + e.getMessage(), e);
        }
    }

    private DrillRecord restoreAndCompare(StoredBackup backup, Census expected, String probeQuery,
            DatabaseTarget scratch) throws BackupException, SQLException {
        String key = backup.key();
        archives.restore(backup, tools.pgRestore(scratch), timeout, Problem.VERIFICATION_FAILED);
        try (Connection restored = tools.connect(scratch)) {
            Census found = Census.take(restored);
            List<String> differences = expected.differences(found);
            if (!differences.isEmpty()) {
                throw failed(key, "the restored copy differs from the source: "
                        + String.join("; ", differences.subList(0, Math.min(DIFFERENCES_SHOWN, differences.size())))
                        + (differences.size() > DIFFERENCES_SHOWN
                                ? " (and " + (differences.size() - DIFFERENCES_SHOWN) + " more)"
                                : ""),
                        differences, null);
            }
            Boolean probePassed = probeQuery == null || probeQuery.isBlank() ? null : probe(restored, probeQuery, key);
            return new DrillRecord(true, clock.instant(), found.tables(), found.totalRows(), probePassed, null);
        }
    }

    private Boolean probe(Connection restored, String probeQuery, String key) throws BackupException {
        try {
            restored.setAutoCommit(false);
            restored.setReadOnly(true);
            try (Statement statement = restored.createStatement()) {
                statement.execute("SET LOCAL statement_timeout = " + timeout.toMillis());
                try (ResultSet result = statement.executeQuery(probeQuery)) {
                    if (!result.next()) {
                        throw failed(key, "the probe query returned no row", List.of(), null);
                    }
                }
            } finally {
                restored.rollback();
            }
            return true;
        } catch (SQLException e) {
            throw failed(key, "the probe query failed: " + e.getMessage(), List.of(), e);
        }
    }

    private static BackupException failed(String key, String why, List<String> detail, Throwable cause) {
        return new BackupException(Problem.VERIFICATION_FAILED, "backup " + key + ": " + why, detail, cause);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Optional<Integer> parsedMajor(String version) {
        try {
            return Optional.of(Integer.parseInt(version.split("[.\\s]")[0]));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}

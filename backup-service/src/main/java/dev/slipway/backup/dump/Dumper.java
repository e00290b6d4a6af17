package dev.slipway.backup.dump;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.slipway.backup.BackupException;
import dev.slipway.backup.BackupException.Problem;
import dev.slipway.backup.crypto.EncryptingOutputStream;
import dev.slipway.backup.crypto.EncryptionKey;
import dev.slipway.backup.crypto.Keyring;
import dev.slipway.backup.crypto.Sealed;
import dev.slipway.backup.postgres.Census;
import dev.slipway.backup.postgres.ChildProcess;
import dev.slipway.backup.postgres.DatabaseTarget;
import dev.slipway.backup.postgres.PostgresTools;
import dev.slipway.backup.postgres.PostgresVersion;
import dev.slipway.backup.storage.BackupBucket;
import dev.slipway.backup.storage.BackupKeys;
import dev.slipway.backup.storage.BackupMetadata;
import dev.slipway.backup.storage.MultipartUpload;
import dev.slipway.backup.storage.StorageException;
import dev.slipway.backup.storage.StoredBackup;
import dev.slipway.contracts.Json;

/**
 * Takes a backup: {@code pg_dump -Fc}, its output hashed (SHA-256) and encrypted (chunked AES-256-GCM) on the way
 * into an S3 multipart upload, so no copy of the dump ever lands on local disk.
 *
 * <p>
 * The rows of every table are counted in the same snapshot {@code pg_dump} reads ({@code pg_export_snapshot}), so a
 * restore drill can compare the restored copy with exactly what was dumped, even while the source keeps changing.
 * Without an encryption key it refuses to start: there is no plaintext mode.
 */
public final class Dumper {

    private final PostgresTools tools;
    private final BackupBucket bucket;
    private final Keyring keyring;
    private final Clock clock;
    private final Duration timeout;

    public Dumper(PostgresTools tools, BackupBucket bucket, Keyring keyring, Clock clock, Duration timeout) {
        this.tools = tools;
        this.bucket = bucket;
        this.keyring = keyring;
        this.clock = clock;
        this.timeout = timeout;
    }

    public DumpResult dump(DumpRequest request) throws BackupException {
        EncryptionKey key = keyring.current().orElseThrow(() -> new BackupException(Problem.NO_ENCRYPTION_KEY,
                "no encryption key is configured (slipway.backup.encryption.key): refusing to write an unencrypted"
                        + " backup"));
        DatabaseTarget source = request.source();
        PostgresVersion client = tools.clientVersion();
        try (Connection connection = tools.connect(source)) {
            PostgresVersion server = PostgresTools.serverVersion(connection);
            if (!client.canDump(server)) {
                throw new BackupException(Problem.VERSION_MISMATCH, "pg_dump " + client + " cannot dump PostgreSQL "
                        + server + " at " + source.describe() + ": install the PostgreSQL " + server.major()
                        + " client programs and point slipway.backup.postgres.bin-dir at them");
            }
            String snapshot = openSnapshot(connection);
            Census census = Census.take(connection);
            Instant start = clock.instant();
            String objectKey = bucket.keys().dump(request.app(), source.database(), start, request.run());
            Upload upload = upload(source, snapshot, objectKey + BackupKeys.PARTIAL_SUFFIX, key);
            endSnapshot(connection);
            bucket.put(objectKey + BackupKeys.CENSUS_SUFFIX, Sealed.seal(json(census), key));
            BackupMetadata metadata = new BackupMetadata(request.app(), source.database(), request.environment(),
                    request.run(), request.requestId(), request.trigger(), upload.dumpSize(), upload.sha256(),
                    key.id(), server.text(), start, clock.instant(), census.tables(), census.totalRows());
            bucket.publish(objectKey + BackupKeys.PARTIAL_SUFFIX, objectKey, upload.storedSize(), metadata);
            return new DumpResult(new StoredBackup(objectKey, upload.storedSize(), metadata, null), census);
        } catch (StorageException e) {
            throw new BackupException(Problem.STORAGE_UNAVAILABLE, e.getMessage(), e);
        } catch (SQLException e) {
            Problem problem = e.getSQLState() != null && e.getSQLState().startsWith("08")
                    ? Problem.DATABASE_UNREACHABLE
                    : Problem.DUMP_FAILED;
            throw new BackupException(problem, "reading " + source.describe() + " failed: " + e.getMessage(), e);
        }
    }

    private record Upload(long dumpSize, String sha256, long storedSize) {
    }

    private Upload upload(DatabaseTarget source, String snapshot, String partialKey, EncryptionKey key)
            throws BackupException, StorageException {
        MessageDigest sha256 = sha256();
        long dumpSize;
        try (MultipartUpload upload = bucket.startUpload(partialKey);
                ChildProcess pgDump = start(tools.pgDump(source, snapshot))) {
            try (EncryptingOutputStream encrypting = new EncryptingOutputStream(keepOpen(upload), key)) {
                dumpSize = new DigestInputStream(pgDump.stdout(), sha256).transferTo(encrypting);
            } catch (StorageException e) {
                throw e;
            } catch (IOException e) {
                // Reading pg_dump's output broke: its exit code and standard error say why.
                dumpSize = -1;
            }
            int code = await(pgDump);
            if (pgDump.timedOut()) {
                throw new BackupException(Problem.TIMEOUT, "pg_dump of " + source.describe()
                        + " did not finish within " + timeout, pgDump.stderrTail(), null);
            }
            if (code != 0 || dumpSize < 0) {
                Problem problem = PostgresTools.classifyOutput(pgDump.stderrTail(), Problem.DUMP_FAILED);
                throw new BackupException(problem, "pg_dump of " + source.describe() + " exited with " + code
                        + PostgresTools.errorLine(pgDump.stderrTail()), pgDump.stderrTail(), null);
            }
            upload.complete();
            return new Upload(dumpSize, HexFormat.of().formatHex(sha256.digest()), upload.size());
        }
    }

    private ChildProcess start(ProcessBuilder builder) throws BackupException {
        try {
            return ChildProcess.start(builder, timeout);
        } catch (IOException e) {
            throw new BackupException(Problem.DUMP_FAILED, "cannot start pg_dump: " + e.getMessage(), e);
        }
    }

    private String openSnapshot(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL statement_timeout = " + timeout.toMillis());
            try (ResultSet result = statement.executeQuery("SELECT pg_export_snapshot()")) {
                result.next();
                return result.getString(1);
            }
        }
    }

    /** The snapshot was only needed until pg_dump had imported it; a lost session here costs nothing. */
    private static void endSnapshot(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // the server already ended the idle transaction
        }
    }

    private static int await(ChildProcess process) throws BackupException {
        try {
            return process.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(Problem.TIMEOUT, "interrupted while waiting for " + process.name(), e);
        }
    }

    /** Closing the encryption stream seals the last chunk; the upload itself is completed separately. */
    private static OutputStream keepOpen(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    private static byte[] json(Census census) {
        try {
            return Json.MAPPER.writeValueAsBytes(census);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a census", e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

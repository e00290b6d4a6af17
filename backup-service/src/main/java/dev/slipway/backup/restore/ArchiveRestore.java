package dev.slipway.backup.restore;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import dev.slipway.backup.BackupException;
import dev.slipway.backup.BackupException.Problem;
import dev.slipway.backup.crypto.BackupIntegrityException;
import dev.slipway.backup.crypto.DecryptingInputStream;
import dev.slipway.backup.crypto.Keyring;
import dev.slipway.backup.crypto.Sealed;
import dev.slipway.backup.postgres.Census;
import dev.slipway.backup.postgres.ChildProcess;
import dev.slipway.backup.postgres.PostgresTools;
import dev.slipway.backup.storage.BackupBucket;
import dev.slipway.backup.storage.BackupKeys;
import dev.slipway.backup.storage.StorageException;
import dev.slipway.backup.storage.StoredBackup;
import dev.slipway.contracts.Json;

/**
 * Streams a stored backup into {@code pg_restore}: download, decrypt (each chunk authenticated before a byte of it is
 * used), hash, and feed the plaintext to the program's standard input. The last {@value #HELD_BACK} bytes are held
 * back until the size and SHA-256 of the whole archive match the backup's metadata, so {@code pg_restore} cannot reach
 * the end of a damaged archive: on any failure it is killed before it has read all of it, and with
 * {@code --single-transaction} nothing of it is committed. Both restore drills and restores on request go through here.
 */
public final class ArchiveRestore {

    /** Bytes withheld from {@code pg_restore} until the archive's checksum is proven. */
    public static final int HELD_BACK = 64 * 1024;

    private static final int READ_BUFFER = 256 * 1024;

    private final BackupBucket bucket;
    private final Keyring keyring;

    public ArchiveRestore(BackupBucket bucket, Keyring keyring) {
        this.bucket = bucket;
        this.keyring = keyring;
    }

    /**
     * What {@code pg_restore} was given.
     *
     * @param size plaintext bytes
     * @param sha256 their SHA-256, hex
     */
    public record Fed(long size, String sha256) {
    }

    /**
     * Runs {@code pgRestore} with {@code backup}'s archive on its standard input and waits for it to end.
     *
     * @param failure what a failing {@code pg_restore} is reported as
     * @throws BackupException {@code VERIFICATION_FAILED} when the backup does not decrypt or its checksum or size do
     *         not match; {@code STORAGE_UNAVAILABLE} when the bucket cannot be read; {@code TIMEOUT}; {@code failure}
     *         when {@code pg_restore} cannot start or exits with an error (its standard error tail attached)
     */
    public Fed restore(StoredBackup backup, ProcessBuilder pgRestore, Duration timeout, Problem failure)
            throws BackupException {
        String key = backup.key();
        ChildProcess restore;
        try {
            restore = ChildProcess.start(pgRestore, timeout);
        } catch (IOException e) {
            throw new BackupException(failure, "cannot start pg_restore: " + e.getMessage(), e);
        }
        try (restore) {
            HoldBackOutputStream stdin = new HoldBackOutputStream(restore.stdin(), HELD_BACK);
            Fed fed = null;
            try (InputStream object = open(key)) {
                fed = feed(new DecryptingInputStream(object, keyring), stdin);
            } catch (BackupIntegrityException e) {
                restore.close();
                throw verificationFailed(key, e.getMessage(), e);
            } catch (StorageException e) {
                restore.close();
                throw new BackupException(Problem.STORAGE_UNAVAILABLE, e.getMessage(), e);
            } catch (StdinClosed e) {
                // pg_restore stopped reading: its exit code and standard error say why.
            } catch (IOException e) {
                restore.close();
                throw new BackupException(Problem.STORAGE_UNAVAILABLE, "reading " + key + " failed: "
                        + e.getMessage(), e);
            }
            if (fed != null) {
                if (!fed.sha256().equalsIgnoreCase(backup.metadata().sha256())
                        || fed.size() != backup.metadata().dumpSize()) {
                    restore.close();
                    throw verificationFailed(key, "checksum mismatch: the archive has SHA-256 " + fed.sha256() + " and "
                            + fed.size() + " bytes, the backup's metadata says " + backup.metadata().sha256() + " and "
                            + backup.metadata().dumpSize(), null);
                }
                try {
                    stdin.release();
                } catch (IOException e) {
                    fed = null;
                }
            }
            stdin.closeQuietly();
            int code = await(restore);
            if (restore.timedOut()) {
                throw new BackupException(Problem.TIMEOUT, "pg_restore of " + key + " did not finish within "
                        + timeout, restore.stderrTail(), null);
            }
            if (code != 0 || fed == null) {
                throw new BackupException(failure, "backup " + key + ": pg_restore exited with " + code
                        + PostgresTools.errorLine(restore.stderrTail()), restore.stderrTail(), null);
            }
            return fed;
        }
    }

    /** The census of the source stored (encrypted) beside the backup. */
    public Census storedCensus(StoredBackup backup) throws BackupException {
        String key = backup.key();
        try {
            byte[] sealed = bucket.read(key + BackupKeys.CENSUS_SUFFIX).orElseThrow(() -> verificationFailed(key,
                    "the census stored with the backup is missing", null));
            return Json.MAPPER.readValue(Sealed.open(sealed, keyring), Census.class);
        } catch (StorageException e) {
            throw new BackupException(Problem.STORAGE_UNAVAILABLE, e.getMessage(), e);
        } catch (IOException e) {
            throw verificationFailed(key, "the census stored with the backup cannot be read: " + e.getMessage(), e);
        }
    }

    private static Fed feed(InputStream plain, HoldBackOutputStream stdin) throws IOException {
        MessageDigest sha256 = sha256();
        byte[] buffer = new byte[READ_BUFFER];
        long size = 0;
        int n;
        while ((n = plain.read(buffer)) >= 0) {
            sha256.update(buffer, 0, n);
            size += n;
            try {
                stdin.write(buffer, 0, n);
            } catch (IOException e) {
                throw new StdinClosed(e);
            }
        }
        return new Fed(size, HexFormat.of().formatHex(sha256.digest()));
    }

    private InputStream open(String key) throws BackupException {
        try {
            return bucket.open(key);
        } catch (StorageException e) {
            throw new BackupException(Problem.STORAGE_UNAVAILABLE, e.getMessage(), e);
        }
    }

    private static BackupException verificationFailed(String key, String why, Throwable cause) {
        return new BackupException(Problem.VERIFICATION_FAILED, "backup " + key + ": " + why, List.of(), cause);
    }

    private static int await(ChildProcess process) throws BackupException {
        try {
            return process.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(Problem.TIMEOUT, "interrupted while waiting for " + process.name(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Writing to {@code pg_restore} failed: it has exited or closed its input. */
    private static final class StdinClosed extends IOException {
        StdinClosed(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}

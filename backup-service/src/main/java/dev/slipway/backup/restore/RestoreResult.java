package dev.slipway.backup.restore;

import java.time.Instant;

/**
 * A finished restore on request.
 *
 * @param key the backup restored
 * @param target the database it was restored into
 * @param createdTarget whether the target database was created for it
 * @param size plaintext archive bytes fed to {@code pg_restore}
 * @param sha256 their SHA-256, equal to the backup's
 * @param tables tables of the backup found in the target after the restore
 * @param rows rows counted across them, equal to the backup's census
 * @param startedAt when the restore started
 * @param finishedAt when the restored copy had been counted
 */
public record RestoreResult(String key, String target, boolean createdTarget, long size, String sha256, int tables,
        long rows, Instant startedAt, Instant finishedAt) {
}

package dev.slipway.backup.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.slipway.backup.storage.BackupBucket;
import dev.slipway.backup.storage.BackupKeys;
import dev.slipway.backup.storage.StorageException;
import dev.slipway.backup.storage.StoredBackup;

/**
 * Applies {@link Retention} to one policy's backups in the bucket, and clears what crashed backups left behind:
 * unfinished uploads and unpublished {@code .partial} objects older than {@code abandonedAfter}.
 */
public final class RetentionSweep {

    private final BackupBucket bucket;
    private final Duration abandonedAfter;

    public RetentionSweep(BackupBucket bucket, Duration abandonedAfter) {
        this.bucket = bucket;
        this.abandonedAfter = abandonedAfter;
    }

    /** @return the keys deleted */
    public List<String> sweep(BackupPolicy policy, Instant now) throws StorageException {
        String prefix = bucket.keys().database(policy.app(), policy.database().name());
        List<String> deleted = new ArrayList<>();
        List<StoredBackup> backups = bucket.list(prefix);
        for (StoredBackup expired : Retention.expired(backups, policy.database().retentionDays(), now)) {
            bucket.delete(expired.key());
            deleted.add(expired.key());
        }
        Instant abandoned = now.minus(abandonedAfter);
        bucket.abortUploadsOlderThan(prefix, abandoned);
        for (String partial : bucket.listKeysOlderThan(prefix, BackupKeys.PARTIAL_SUFFIX, abandoned)) {
            bucket.deleteObject(partial);
            deleted.add(partial);
        }
        return deleted;
    }
}

package dev.slipway.backup.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.slipway.backup.storage.BackupBucket;
import dev.slipway.backup.storage.BackupKeys;
import dev.slipway.backup.storage.StorageException;
import dev.slipway.backup.storage.StoredBackup;

/**
 * Applies {@link Retention} to one policy's backups in the bucket, and clears what failed backups left behind:
 * uploads whose abort could not reach the bucket (aborted as soon as it answers), and, older than
 * {@code abandonedAfter}, uploads a crash left unfinished, unpublished {@code .partial} objects and census or drill
 * objects whose backup is gone.
 */
public final class RetentionSweep {

    private final BackupBucket bucket;
    private final RetentionRules rules;
    private final Duration abandonedAfter;

    public RetentionSweep(BackupBucket bucket, RetentionRules rules, Duration abandonedAfter) {
        this.bucket = bucket;
        this.rules = rules;
        this.abandonedAfter = abandonedAfter;
    }

    /** @return the keys deleted, and those whose unfinished uploads were aborted */
    public List<String> sweep(BackupPolicy policy, Instant now) throws StorageException {
        List<String> deleted = new ArrayList<>(bucket.abortFailedUploads());
        String prefix = bucket.keys().database(policy.app(), policy.database().name());
        List<StoredBackup> backups = bucket.list(prefix);
        for (StoredBackup expired : Retention.expired(backups, rules.of(policy), now)) {
            bucket.delete(expired.key());
            deleted.add(expired.key());
        }
        Instant abandoned = now.minus(abandonedAfter);
        deleted.addAll(bucket.abortUploadsOlderThan(prefix, abandoned));
        for (String partial : bucket.listKeysOlderThan(prefix, BackupKeys.PARTIAL_SUFFIX, abandoned)) {
            bucket.deleteObject(partial);
            deleted.add(partial);
        }
        Set<String> dumps = new HashSet<>(bucket.listKeys(prefix, BackupKeys.DUMP_SUFFIX));
        for (String suffix : List.of(BackupKeys.CENSUS_SUFFIX, BackupKeys.DRILL_SUFFIX)) {
            for (String beside : bucket.listKeysOlderThan(prefix, suffix, abandoned)) {
                if (!dumps.contains(beside.substring(0, beside.length() - suffix.length()))) {
                    bucket.deleteObject(beside);
                    deleted.add(beside);
                }
            }
        }
        return deleted;
    }
}

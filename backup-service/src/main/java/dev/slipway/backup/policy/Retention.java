package dev.slipway.backup.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.slipway.backup.storage.StoredBackup;

/**
 * Which backups of one database to delete: those started more than the retention period ago, except the newest
 * verified backup, which is kept however old it is, so there is always one backup known to restore.
 */
public final class Retention {

    private Retention() {
    }

    public static List<StoredBackup> expired(List<StoredBackup> backups, int retentionDays, Instant now) {
        if (retentionDays <= 0) {
            return List.of();
        }
        Instant cutoff = now.minus(Duration.ofDays(retentionDays));
        Optional<StoredBackup> newestVerified = backups.stream().filter(StoredBackup::verified)
                .max(Comparator.comparing(b -> b.metadata().startedAt()));
        return backups.stream()
                .filter(b -> b.metadata().startedAt().isBefore(cutoff))
                .filter(b -> newestVerified.map(keep -> !keep.key().equals(b.key())).orElse(true))
                .sorted(Comparator.comparing(b -> b.metadata().startedAt()))
                .toList();
    }
}

package dev.slipway.backup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.slipway.backup.storage.BackupMetadata;
import dev.slipway.backup.storage.DrillRecord;
import dev.slipway.backup.storage.StoredBackup;

class RetentionTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void deletesWhatIsOlderThanTheRetentionPeriod() {
        List<StoredBackup> backups = List.of(backup("a", 30, true), backup("b", 8, true), backup("c", 2, true));

        assertThat(Retention.expired(backups, 7, NOW)).extracting(StoredBackup::key).containsExactly("a", "b");
    }

    @Test
    void keepsTheNewestVerifiedBackupHoweverOld() {
        List<StoredBackup> backups = List.of(backup("old-verified", 40, true), backup("newest-verified", 20, true),
                backup("unverified", 10, false), backup("recent-unverified", 1, false));

        assertThat(Retention.expired(backups, 7, NOW)).extracting(StoredBackup::key)
                .containsExactly("old-verified", "unverified");
    }

    @Test
    void aFailedDrillDoesNotCountAsVerified() {
        StoredBackup failed = new StoredBackup("failed", 1, metadata(15),
                new DrillRecord(false, NOW, 0, 0, null, "checksum mismatch"));

        assertThat(Retention.expired(List.of(failed, backup("verified", 30, true)), 7, NOW))
                .extracting(StoredBackup::key).containsExactly("failed");
    }

    @Test
    void keepsEverythingWithoutARetentionPeriod() {
        assertThat(Retention.expired(List.of(backup("a", 400, false)), 0, NOW)).isEmpty();
    }

    static StoredBackup backup(String key, int daysAgo, boolean verified) {
        return new StoredBackup(key, 1, metadata(daysAgo),
                verified ? new DrillRecord(true, NOW.minus(Duration.ofDays(daysAgo)), 1, 1, null, null) : null);
    }

    static BackupMetadata metadata(int daysAgo) {
        Instant start = NOW.minus(Duration.ofDays(daysAgo));
        return new BackupMetadata("shop", "shop", null, "run", null, "SCHEDULE", 1, "00", "k", "15.14", start,
                start.plusSeconds(5), 1, 1);
    }
}

package dev.slipway.backup.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BackupMetadataTest {

    private final BackupMetadata metadata = new BackupMetadata("shop", "shop", "production", "run-1", "ev-1",
            "PRE_DEPLOY", 1234, "ab".repeat(32), "k1", "15.14", Instant.parse("2026-01-02T03:04:05Z"),
            Instant.parse("2026-01-02T03:04:09Z"), 3, 5500);

    @Test
    void survivesTheTripThroughS3Metadata() {
        Map<String, String> s3 = metadata.toS3();

        assertThat(s3).containsEntry("app", "shop").containsEntry("run", "run-1").containsEntry("key-id", "k1")
                .containsEntry("sha256", "ab".repeat(32)).containsEntry("postgres-version", "15.14")
                .containsEntry("started-at", "2026-01-02T03:04:05Z").containsEntry("size", "1234");
        assertThat(BackupMetadata.fromS3(s3)).isEqualTo(metadata);
    }

    @Test
    void refusesIncompleteMetadata() {
        Map<String, String> s3 = new HashMap<>(metadata.toS3());
        s3.remove("sha256");

        assertThatThrownBy(() -> BackupMetadata.fromS3(s3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sha256");
    }

    @Test
    void keysSortByTimeWithinADatabase() {
        BackupKeys keys = new BackupKeys("backups");

        String key = keys.dump("shop", "shop db", Instant.parse("2026-11-23T10:15:30Z"), "run/1");

        assertThat(key).isEqualTo("backups/shop/shop_db/2026/11/23/101530Z-run_1.dump.enc");
        assertThat(BackupKeys.isOfRun(key, "run/1")).isTrue();
        assertThat(BackupKeys.isOfRun(key, "run")).isFalse();
    }
}

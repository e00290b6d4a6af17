package dev.slipway.backup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.slipway.backup.crypto.Keyring;
import dev.slipway.backup.dump.DumpRequest;
import dev.slipway.backup.dump.Dumper;
import dev.slipway.backup.postgres.PostgresTools;
import dev.slipway.backup.storage.BackupBucket;
import dev.slipway.backup.storage.DrillRecord;
import dev.slipway.backup.storage.StoredBackup;
import dev.slipway.backup.support.Buckets;
import dev.slipway.backup.support.Keys;
import dev.slipway.backup.support.SampleDatabase;
import dev.slipway.contracts.spec.DatabaseSpec;
import dev.slipway.testkit.s3.S3;
import software.amazon.awssdk.services.s3.S3Client;

/** Retention over real backups in a real bucket, their ages set by the clock they were taken with. */
class RetentionSweepTest {

    private static final Instant NOW = Instant.parse("2026-04-01T12:00:00Z");
    private static S3Client client;
    private static BackupBucket bucket;
    private static SampleDatabase db;

    @BeforeAll
    static void servers() {
        client = S3.shared().newClient();
        bucket = Buckets.bucket(client, Buckets.create("retention"));
        db = SampleDatabase.create("retention");
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void deletesExpiredBackupsButKeepsTheNewestVerifiedOne() throws Exception {
        String oldVerified = backUp(30, true);
        String newestVerified = backUp(20, true);
        String oldUnverified = backUp(10, false);
        String recent = backUp(1, false);
        BackupPolicy policy = new BackupPolicy("retained", "retained", new DatabaseSpec(db.postgres().host(),
                db.postgres().port(), db.name(), db.user(), "DATABASE_PASSWORD", null, 7, DatabaseSpec.Verify.EVERY,
                null), BackupPolicy.Source.APP);

        List<String> deleted = new RetentionSweep(bucket, Duration.ofDays(1)).sweep(policy, NOW);

        assertThat(deleted).containsExactlyInAnyOrder(oldVerified, oldUnverified);
        assertThat(bucket.list(bucket.keys().database("retained", db.name()))).extracting(StoredBackup::key)
                .containsExactly(newestVerified, recent);
        assertThat(bucket.listKeys(bucket.keys().database("retained", db.name()), "")).noneMatch(
                key -> key.startsWith(oldVerified)).noneMatch(key -> key.startsWith(oldUnverified));
    }

    private static String backUp(int daysAgo, boolean verified) throws Exception {
        Clock clock = Clock.fixed(NOW.minus(Duration.ofDays(daysAgo)), ZoneOffset.UTC);
        Dumper dumper = new Dumper(new PostgresTools(SampleDatabase.binDir(), Duration.ofSeconds(5)), bucket,
                Keyring.of(Keys.random("k")), clock, Duration.ofMinutes(1));
        StoredBackup backup = dumper.dump(new DumpRequest("retained", null, "run-" + daysAgo, null, "SCHEDULE",
                db.target())).backup();
        if (verified) {
            bucket.recordDrill(backup.key(), new DrillRecord(true, clock.instant(), 3, 5500, null, null));
        }
        return backup.key();
    }
}

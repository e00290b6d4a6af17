package dev.slipway.backup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.slipway.backup.crypto.Keyring;
import dev.slipway.backup.dump.DumpRequest;
import dev.slipway.backup.dump.Dumper;
import dev.slipway.backup.postgres.PostgresTools;
import dev.slipway.backup.storage.BackupBucket;
import dev.slipway.backup.storage.BackupKeys;
import dev.slipway.backup.storage.DrillRecord;
import dev.slipway.backup.storage.MultipartUpload;
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
    private static String name;
    private static BackupBucket bucket;
    private static SampleDatabase db;

    @BeforeAll
    static void servers() {
        client = S3.shared().newClient();
        name = Buckets.create("retention");
        bucket = Buckets.bucket(client, name);
        db = SampleDatabase.create("retention");
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void deletesExpiredBackupsButKeepsTheNewestVerifiedOne() throws Exception {
        String oldVerified = backUp("retained", 30, true);
        String newestVerified = backUp("retained", 20, true);
        String oldUnverified = backUp("retained", 10, false);
        String recent = backUp("retained", 1, false);
        BackupPolicy policy = policy("retained");

        List<String> deleted = new RetentionSweep(bucket, RetentionRules.ageOnly(), Duration.ofDays(1)).sweep(policy,
                NOW);

        assertThat(deleted).containsExactlyInAnyOrder(oldVerified, oldUnverified);
        assertThat(bucket.list(bucket.keys().database("retained", db.name()))).extracting(StoredBackup::key)
                .containsExactly(newestVerified, recent);
        assertThat(bucket.listKeys(bucket.keys().database("retained", db.name()), "")).noneMatch(
                key -> key.startsWith(oldVerified)).noneMatch(key -> key.startsWith(oldUnverified));
    }

    @Test
    void keepsTheNewestBackupsBeyondTheRetentionPeriodWhenTheRulesSaySo() throws Exception {
        String oldest = backUp("counted", 30, false);
        String older = backUp("counted", 20, false);
        String old = backUp("counted", 10, false);
        RetentionRules keepTwo = new RetentionRules(new RetentionRules.Counts(2, 0, 0), Map.of());

        List<String> deleted = new RetentionSweep(bucket, keepTwo, Duration.ofDays(1)).sweep(policy("counted"), NOW);

        assertThat(deleted).containsExactly(oldest);
        assertThat(bucket.list(bucket.keys().database("counted", db.name()))).extracting(StoredBackup::key)
                .containsExactly(older, old);
    }

    @Test
    void whatACrashLeftBehindIsRemovedOnceItIsOlderThanAbandonedAfter() throws Exception {
        String prefix = bucket.keys().database("crashed", db.name());
        String partial = prefix + "2026/04/01/000000Z-run-crashed.dump.enc" + BackupKeys.PARTIAL_SUFFIX;
        String orphanCensus = prefix + "2026/04/01/000001Z-run-gone.dump.enc" + BackupKeys.CENSUS_SUFFIX;
        // A backup that crashed after its first part, and another whose dump never got published.
        MultipartUpload upload = bucket.startUpload(partial);
        upload.write(new byte[Buckets.PART_SIZE + 1]);
        bucket.put(orphanCensus, new byte[]{1});
        // A restarted service knows nothing of either.
        RetentionSweep sweep = new RetentionSweep(Buckets.bucket(client, name), RetentionRules.ageOnly(),
                Duration.ofDays(1));
        Instant now = Instant.now();

        assertThat(sweep.sweep(policy("crashed"), now)).as("a backup may still be running").isEmpty();
        assertThat(client.listMultipartUploads(r -> r.bucket(name).prefix(prefix)).uploads()).hasSize(1);

        assertThat(sweep.sweep(policy("crashed"), now.plus(Duration.ofDays(2))))
                .containsExactlyInAnyOrder(partial, orphanCensus);
        assertThat(client.listMultipartUploads(r -> r.bucket(name).prefix(prefix)).uploads()).isEmpty();
        assertThat(bucket.listKeys(prefix, "")).isEmpty();
    }

    private static BackupPolicy policy(String app) {
        return new BackupPolicy(app, app, new DatabaseSpec(db.postgres().host(), db.postgres().port(), db.name(),
                db.user(), "DATABASE_PASSWORD", null, 7, DatabaseSpec.Verify.EVERY, null), BackupPolicy.Source.APP);
    }

    private static String backUp(String app, int daysAgo, boolean verified) throws Exception {
        Clock clock = Clock.fixed(NOW.minus(Duration.ofDays(daysAgo)), ZoneOffset.UTC);
        Dumper dumper = new Dumper(new PostgresTools(SampleDatabase.binDir(), Duration.ofSeconds(5)), bucket,
                Keyring.of(Keys.random("k")), clock, Duration.ofMinutes(1));
        StoredBackup backup = dumper.dump(new DumpRequest(app, null, "run-" + daysAgo, null, "SCHEDULE",
                db.target())).backup();
        if (verified) {
            bucket.recordDrill(backup.key(), new DrillRecord(true, clock.instant(), 3, 5500, null, null));
        }
        return backup.key();
    }
}

package dev.slipway.backup.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.slipway.backup.BackupException;
import dev.slipway.backup.BackupException.Problem;
import dev.slipway.backup.crypto.EncryptionKey;
import dev.slipway.backup.crypto.Keyring;
import dev.slipway.backup.drill.RestoreDrill;
import dev.slipway.backup.postgres.Census;
import dev.slipway.backup.postgres.DatabaseTarget;
import dev.slipway.backup.postgres.PostgresTools;
import dev.slipway.backup.storage.BackupBucket;
import dev.slipway.backup.storage.BackupKeys;
import dev.slipway.backup.storage.BackupMetadata;
import dev.slipway.backup.storage.DrillRecord;
import dev.slipway.backup.storage.StoredBackup;
import dev.slipway.backup.support.Buckets;
import dev.slipway.backup.support.Keys;
import dev.slipway.backup.support.SampleDatabase;
import dev.slipway.contracts.SecretValue;
import dev.slipway.testkit.s3.S3;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** A backup of a real database into a real S3 endpoint, and restore drills of it, good and tampered. */
class BackupAndDrillTest {

    private static final Duration LIMIT = Duration.ofMinutes(2);

    private static S3Client client;
    private static String bucketName;
    private static BackupBucket bucket;
    private static SampleDatabase shop;
    private static EncryptionKey key;
    private static Keyring keyring;
    private static PostgresTools tools;

    @BeforeAll
    static void servers() {
        client = S3.shared().newClient();
        bucketName = Buckets.create("backups");
        bucket = Buckets.bucket(client, bucketName);
        shop = SampleDatabase.create("shop");
        key = Keys.random("2026-01");
        keyring = Keyring.of(key);
        tools = new PostgresTools(SampleDatabase.binDir(), Duration.ofSeconds(5));
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void backupIsEncryptedDescribedAndRestoresTheSameRows() throws Exception {
        DumpResult result = dumper(keyring).dump(request(shop.target(), "run-1"));

        StoredBackup backup = result.backup();
        byte[] stored = Buckets.bytes(client, bucketName, backup.key());
        assertThat(new String(stored, 0, 5, StandardCharsets.ISO_8859_1)).isNotEqualTo("PGDMP");
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(SampleDatabase.MARKER);
        assertThat(backup.key()).startsWith("backups/shop/" + shop.name() + "/").endsWith("-run-1.dump.enc");

        StoredBackup listed = bucket.find(backup.key()).orElseThrow();
        BackupMetadata metadata = listed.metadata();
        assertThat(metadata.app()).isEqualTo("shop");
        assertThat(metadata.database()).isEqualTo(shop.name());
        assertThat(metadata.run()).isEqualTo("run-1");
        assertThat(metadata.keyId()).isEqualTo("2026-01");
        assertThat(metadata.postgresVersion()).startsWith("15.");
        assertThat(metadata.sha256()).hasSize(64);
        assertThat(metadata.dumpSize()).isPositive();
        assertThat(metadata.tables()).isEqualTo(SampleDatabase.TABLES);
        assertThat(metadata.rows()).isEqualTo(SampleDatabase.ROWS);
        assertThat(metadata.finishedAt()).isAfterOrEqualTo(metadata.startedAt());
        assertThat(listed.storedSize()).isEqualTo(stored.length);
        assertThat(result.census().rows()).containsEntry("public.customers", (long) SampleDatabase.CUSTOMERS)
                .containsEntry("public.orders", (long) SampleDatabase.ORDERS)
                .containsEntry("billing.invoices", (long) SampleDatabase.INVOICES);

        DrillRecord drill = drill().drill(listed, null, "SELECT 1 FROM customers WHERE id = 1",
                SampleDatabase.drillServer());

        assertThat(drill.passed()).isTrue();
        assertThat(drill.tables()).isEqualTo(SampleDatabase.TABLES);
        assertThat(drill.rows()).isEqualTo(SampleDatabase.ROWS);
        assertThat(drill.probePassed()).isTrue();
        assertThat(SampleDatabase.databasesStartingWith(RestoreDrill.SCRATCH_PREFIX)).isEmpty();
        assertThat(bucket.listKeys("backups/", BackupKeys.PARTIAL_SUFFIX)).isEmpty();
    }

    @Test
    void aFlippedByteInTheBucketFailsTheDrill() throws Exception {
        StoredBackup backup = dumper(keyring).dump(request(shop.target(), "run-tampered")).backup();

        Buckets.flipByte(client, bucketName, backup.key(), -200);

        StoredBackup tampered = bucket.find(backup.key()).orElseThrow();
        assertThatThrownBy(() -> drill().drill(tampered, null, null, SampleDatabase.drillServer()))
                .isInstanceOfSatisfying(BackupException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.VERIFICATION_FAILED))
                .hasMessageContaining("failed authentication");
        assertThat(SampleDatabase.databasesStartingWith(RestoreDrill.SCRATCH_PREFIX)).isEmpty();
    }

    @Test
    void aChecksumThatDoesNotMatchFailsTheDrill() throws Exception {
        StoredBackup backup = dumper(keyring).dump(request(shop.target(), "run-checksum")).backup();
        BackupMetadata m = backup.metadata();
        BackupMetadata wrong = new BackupMetadata(m.app(), m.database(), m.environment(), m.run(), m.request(),
                m.trigger(), m.dumpSize(), "0".repeat(64), m.keyId(), m.postgresVersion(), m.startedAt(),
                m.finishedAt(), m.tables(), m.rows());

        assertThatThrownBy(() -> drill().drill(new StoredBackup(backup.key(), backup.storedSize(), wrong, null),
                null, null, SampleDatabase.drillServer()))
                .isInstanceOfSatisfying(BackupException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.VERIFICATION_FAILED))
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void aRestoredCopyThatDiffersFromTheCensusFailsTheDrill() throws Exception {
        DumpResult result = dumper(keyring).dump(request(shop.target(), "run-census"));
        Census claimed = new Census(Map.of("public.customers", 1L + SampleDatabase.CUSTOMERS, "public.orders",
                (long) SampleDatabase.ORDERS, "billing.invoices", (long) SampleDatabase.INVOICES, "public.gone", 1L));

        assertThatThrownBy(() -> drill().drill(result.backup(), claimed, null, SampleDatabase.drillServer()))
                .isInstanceOfSatisfying(BackupException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.VERIFICATION_FAILED))
                .hasMessageContaining("public.customers has 2000 rows in the restored copy, 2001 in the source")
                .hasMessageContaining("public.gone is missing");
    }

    @Test
    void aProbeQueryWithoutRowsFailsTheDrill() throws Exception {
        DumpResult result = dumper(keyring).dump(request(shop.target(), "run-probe"));

        assertThatThrownBy(() -> drill().drill(result.backup(), result.census(),
                "SELECT 1 FROM customers WHERE id < 0", SampleDatabase.drillServer()))
                .isInstanceOfSatisfying(BackupException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.VERIFICATION_FAILED))
                .hasMessageContaining("probe query returned no row");
        assertThat(SampleDatabase.databasesStartingWith(RestoreDrill.SCRATCH_PREFIX)).isEmpty();
    }

    @Test
    void withoutAnEncryptionKeyNothingIsDumpedOrStored() throws Exception {
        String prefix = bucket.keys().app("nokey");

        assertThatThrownBy(() -> dumper(Keyring.empty()).dump(new DumpRequest("nokey", null, "run-nokey", null,
                "MANUAL", shop.target())))
                .isInstanceOfSatisfying(BackupException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.NO_ENCRYPTION_KEY))
                .hasMessageContaining("refusing to write an unencrypted backup");
        assertThat(bucket.listKeys(prefix, "")).isEmpty();
        assertThat(client.listMultipartUploads(r -> r.bucket(bucketName).prefix(prefix)).uploads()).isEmpty();
    }

    @Test
    void aWrongPasswordFailsAsAuthenticationWithoutShowingIt() throws Exception {
        SecretValue wrong = SecretValue.of("not-the-password-" + System.nanoTime());
        DatabaseTarget target = new DatabaseTarget(shop.postgres().host(), shop.postgres().port(), shop.name(),
                shop.user(), wrong);

        assertThatThrownBy(() -> dumper(keyring).dump(request(target, "run-wrong-password")))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.AUTHENTICATION);
                    assertThat(e.describe()).startsWith("authentication: ").doesNotContain(wrong.reveal());
                });
        assertThat(bucket.listKeys(bucket.keys().app("shop"), "-run-wrong-password.dump.enc")).isEmpty();
    }

    @Test
    void aBucketThatDoesNotAnswerFailsAsStorageDown() {
        S3 stopped = S3.start();
        stopped.close();
        try (S3Client down = S3Client.builder().endpointOverride(stopped.endpoint())
                .region(Region.of(S3.REGION)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3.ACCESS_KEY,
                                S3.SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            Dumper dumper = new Dumper(tools, Buckets.bucket(down, bucketName), keyring, Clock.systemUTC(), LIMIT);

            assertThatThrownBy(() -> dumper.dump(request(shop.target(), "run-storage-down")))
                    .isInstanceOfSatisfying(BackupException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.STORAGE_UNAVAILABLE);
                        assertThat(e.describe()).startsWith("storage down: ");
                    });
        }
    }

    @Test
    void anUnreachableServerFailsAsUnreachable() {
        DatabaseTarget nowhere = new DatabaseTarget("127.0.0.1", 1, shop.name(), shop.user(), shop.password());

        assertThatThrownBy(() -> dumper(keyring).dump(request(nowhere, "run-unreachable")))
                .isInstanceOfSatisfying(BackupException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.DATABASE_UNREACHABLE));
    }

    @Test
    void aFailingPgDumpAbortsItsUploadAndLeavesNoObject() throws Exception {
        // A sequence the owner may not read: the census (tables only) passes, pg_dump fails once it has started.
        SampleDatabase locked = SampleDatabase.create("locked");
        try (var admin = locked.postgres().connect(locked.name()); var statement = admin.createStatement()) {
            statement.execute("CREATE SEQUENCE hidden_seq");
            statement.execute("REVOKE ALL ON SEQUENCE hidden_seq FROM PUBLIC");
        }

        assertThatThrownBy(() -> dumper(keyring).dump(request(locked.target(), "run-denied")))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.DUMP_FAILED);
                    assertThat(e.getMessage()).contains("pg_dump").contains("permission denied");
                });
        assertThat(bucket.listKeys(bucket.keys().app("shop"), "-run-denied.dump.enc")).isEmpty();
        assertThat(bucket.listKeys(bucket.keys().app("shop"), BackupKeys.PARTIAL_SUFFIX)).isEmpty();
        assertThat(client.listMultipartUploads(r -> r.bucket(bucketName)).uploads()).isEmpty();
    }

    private static DumpRequest request(DatabaseTarget target, String run) {
        return new DumpRequest("shop", "production", run, "event-" + run, "MANUAL", target);
    }

    private static Dumper dumper(Keyring keys) {
        return new Dumper(tools, bucket, keys, Clock.systemUTC(), LIMIT);
    }

    private static RestoreDrill drill() {
        return new RestoreDrill(tools, bucket, keyring, Clock.systemUTC(), LIMIT);
    }
}

package dev.slipway.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.slipway.backup.BackupException;
import dev.slipway.backup.BackupException.Problem;
import dev.slipway.backup.crypto.Keyring;
import dev.slipway.backup.dump.DumpRequest;
import dev.slipway.backup.dump.Dumper;
import dev.slipway.backup.postgres.PostgresTools;
import dev.slipway.backup.storage.BackupBucket;
import dev.slipway.backup.storage.BackupMetadata;
import dev.slipway.backup.storage.StoredBackup;
import dev.slipway.backup.support.Buckets;
import dev.slipway.backup.support.Keys;
import dev.slipway.backup.support.SampleDatabase;
import dev.slipway.testkit.s3.S3;
import software.amazon.awssdk.services.s3.S3Client;

/** Restores on request from a real bucket into real databases, and the refusals that protect existing data. */
class RestorerTest {

    private static final Duration LIMIT = Duration.ofMinutes(2);
    /** Enough random text that the archive is many times what is held back from pg_restore. */
    private static final int PAYLOAD_ROWS = 20_000;
    private static final long ROWS = SampleDatabase.ROWS + PAYLOAD_ROWS;

    private static S3Client client;
    private static String bucketName;
    private static BackupBucket bucket;
    private static PostgresTools tools;
    private static Keyring keyring;
    private static Restorer restorer;

    @BeforeAll
    static void servers() {
        client = S3.shared().newClient();
        bucketName = Buckets.create("restores");
        bucket = Buckets.bucket(client, bucketName);
        tools = new PostgresTools(SampleDatabase.binDir(), Duration.ofSeconds(5));
        keyring = Keyring.of(Keys.random("k"));
        restorer = new Restorer(tools, new ArchiveRestore(bucket, keyring), Clock.systemUTC(), LIMIT);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void restoresIntoANewDatabaseWithTheRowsOfTheSource() throws Exception {
        SampleDatabase shop = SampleDatabase.create("rnew").addPayload(PAYLOAD_ROWS, 4).allowCreatingDatabases();
        StoredBackup backup = backUp(shop);
        String copy = shop.name() + "_copy";

        RestoreResult result = restorer.restore(backup, shop.target(), copy, false);

        assertThat(result.createdTarget()).isTrue();
        assertThat(result.target()).isEqualTo(copy);
        assertThat(result.tables()).isEqualTo(SampleDatabase.TABLES + 1);
        assertThat(result.rows()).isEqualTo(ROWS);
        assertThat(result.sha256()).isEqualTo(backup.metadata().sha256());
        assertThat(result.size()).isEqualTo(backup.metadata().dumpSize()).isGreaterThan(10L * ArchiveRestore.HELD_BACK);
        assertThat(SampleDatabase.count(copy, "customers")).isEqualTo(SampleDatabase.CUSTOMERS);
        assertThat(SampleDatabase.count(copy, "billing.invoices")).isEqualTo(SampleDatabase.INVOICES);
        assertThat(SampleDatabase.count(copy, "payload")).isEqualTo(PAYLOAD_ROWS);
    }

    @Test
    void refusesTheSourceDatabaseWithoutForce() throws Exception {
        SampleDatabase shop = SampleDatabase.create("rsrc");
        StoredBackup backup = backUp(shop);
        shop.execute("DELETE FROM orders WHERE id > 10");

        assertThatThrownBy(() -> restorer.restore(backup, shop.target(), shop.name(), false))
                .isInstanceOf(RestoreRefusedException.class)
                .hasMessageContaining("is the database backup " + backup.key() + " was taken from")
                .hasMessageContaining("force=true");
        assertThat(SampleDatabase.count(shop.name(), "orders")).isEqualTo(10);
    }

    @Test
    void withForceTheSourceIsPutBackAsItWasBackedUp() throws Exception {
        SampleDatabase shop = SampleDatabase.create("rforce");
        StoredBackup backup = backUp(shop);
        shop.execute("DELETE FROM orders WHERE id > 10", "DELETE FROM billing.invoices",
                "CREATE TABLE notes (id int)", "INSERT INTO notes VALUES (1)");

        RestoreResult result = restorer.restore(backup, shop.target(), shop.name(), true);

        assertThat(result.createdTarget()).isFalse();
        assertThat(result.rows()).isEqualTo(SampleDatabase.ROWS);
        assertThat(SampleDatabase.count(shop.name(), "orders")).isEqualTo(SampleDatabase.ORDERS);
        assertThat(SampleDatabase.count(shop.name(), "billing.invoices")).isEqualTo(SampleDatabase.INVOICES);
        // What the backup does not contain is not its to remove.
        assertThat(SampleDatabase.count(shop.name(), "notes")).isEqualTo(1);
    }

    @Test
    void refusesAnotherDatabaseThatHoldsTablesWithoutForce() throws Exception {
        SampleDatabase shop = SampleDatabase.create("rbusy");
        StoredBackup backup = backUp(shop);
        SampleDatabase other = SampleDatabase.create("rother");
        // The other database belongs to another role: let the shop's owner in, as an operator would.
        try (var admin = other.postgres().connect(other.name()); var statement = admin.createStatement()) {
            statement.execute("GRANT \"" + other.user() + "\" TO \"" + shop.user() + "\"");
        }

        assertThatThrownBy(() -> restorer.restore(backup, shop.target(), other.name(), false))
                .isInstanceOf(RestoreRefusedException.class).hasMessageContaining("already holds 3 table(s)");
        assertThat(SampleDatabase.count(other.name(), "orders")).isEqualTo(SampleDatabase.ORDERS);
    }

    @Test
    void aTamperedBackupRestoresNothingAndTheDatabaseMadeForItIsDropped() throws Exception {
        SampleDatabase shop = SampleDatabase.create("rtamper").addPayload(PAYLOAD_ROWS, 4).allowCreatingDatabases();
        StoredBackup backup = backUp(shop);
        Buckets.flipByte(client, bucketName, backup.key(), -100);
        String copy = shop.name() + "_copy";

        assertThatThrownBy(() -> restorer.restore(bucket.find(backup.key()).orElseThrow(), shop.target(), copy,
                false))
                .isInstanceOfSatisfying(BackupException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.VERIFICATION_FAILED))
                .hasMessageContaining("failed authentication");
        assertThat(SampleDatabase.exists(copy)).isFalse();
    }

    @Test
    void aChecksumMismatchStopsPgRestoreBeforeItCanCommit() throws Exception {
        SampleDatabase shop = SampleDatabase.create("rsum").addPayload(PAYLOAD_ROWS, 4);
        StoredBackup backup = backUp(shop);
        shop.execute("DELETE FROM payload WHERE id > 5", "DELETE FROM customers WHERE id NOT IN"
                + " (SELECT customer FROM orders)");
        BackupMetadata m = backup.metadata();
        StoredBackup wrongSum = new StoredBackup(backup.key(), backup.storedSize(), new BackupMetadata(m.app(),
                m.database(), m.environment(), m.run(), m.request(), m.trigger(), m.dumpSize(), "0".repeat(64),
                m.keyId(), m.postgresVersion(), m.startedAt(), m.finishedAt(), m.tables(), m.rows()), null);

        // Every byte of the archive but the last held back decrypts and authenticates: only the checksum is wrong.
        assertThatThrownBy(() -> restorer.restore(wrongSum, shop.target(), shop.name(), true))
                .isInstanceOfSatisfying(BackupException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.VERIFICATION_FAILED))
                .hasMessageContaining("checksum mismatch");
        assertThat(SampleDatabase.count(shop.name(), "payload")).isEqualTo(5);
    }

    @Test
    void aRoleThatMayNotCreateDatabasesIsToldWhatToDo() throws Exception {
        SampleDatabase shop = SampleDatabase.create("rnocreate");
        StoredBackup backup = backUp(shop);

        assertThatThrownBy(() -> restorer.restore(backup, shop.target(), shop.name() + "_copy", false))
                .isInstanceOfSatisfying(BackupException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.RESTORE_FAILED))
                .hasMessageContaining("may not create databases")
                .hasMessageContaining("grant it CREATEDB");
    }

    @Test
    void targetNamesThatCouldBeReadAsMoreThanANameAreRejected() {
        assertThat(Restorer.invalidTarget("shop_copy-2")).isNull();
        assertThat(Restorer.invalidTarget("dbname=shop host=elsewhere")).contains("letters, digits");
        assertThat(Restorer.invalidTarget("shop\"; DROP DATABASE x; --")).contains("letters, digits");
        assertThat(Restorer.invalidTarget("-shop")).isNotNull();
        assertThat(Restorer.invalidTarget("a".repeat(64))).isNotNull();
        assertThat(Restorer.invalidTarget("template1")).contains("reserved");
        assertThat(Restorer.invalidTarget("slipway_drill_0a1b")).contains("restore drills");
        assertThat(Restorer.invalidTarget(" ")).contains("name the target database");
        assertThatThrownBy(() -> restorer.restore(null, null, "postgres", true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static StoredBackup backUp(SampleDatabase db) throws BackupException {
        Dumper dumper = new Dumper(tools, bucket, keyring, Clock.systemUTC(), LIMIT);
        return dumper.dump(new DumpRequest("shop", null, "run-" + db.name(), null, "MANUAL", db.target())).backup();
    }
}

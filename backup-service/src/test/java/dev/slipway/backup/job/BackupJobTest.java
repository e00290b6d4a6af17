package dev.slipway.backup.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.slipway.backup.BackupException;
import dev.slipway.backup.crypto.Keyring;
import dev.slipway.backup.drill.RestoreDrill;
import dev.slipway.backup.dump.Dumper;
import dev.slipway.backup.postgres.PostgresTools;
import dev.slipway.backup.secret.PasswordRef;
import dev.slipway.backup.storage.BackupBucket;
import dev.slipway.backup.support.Buckets;
import dev.slipway.backup.support.Keys;
import dev.slipway.backup.support.SampleDatabase;
import dev.slipway.contracts.events.BackupDone;
import dev.slipway.contracts.events.BackupRequested.Trigger;
import dev.slipway.contracts.spec.DatabaseSpec;
import dev.slipway.testkit.s3.S3;
import software.amazon.awssdk.services.s3.S3Client;

/** The whole job against a real database and S3 endpoint: idempotency, when to drill, and how failures read. */
class BackupJobTest {

    private static final Duration LIMIT = Duration.ofMinutes(2);

    private static S3Client client;
    private static BackupBucket bucket;
    private static SampleDatabase db;
    private static PostgresTools tools;
    private static Keyring keyring;

    @BeforeAll
    static void servers() {
        client = S3.shared().newClient();
        bucket = Buckets.bucket(client, Buckets.create("jobs"));
        db = SampleDatabase.create("jobs");
        tools = new PostgresTools(SampleDatabase.binDir(), Duration.ofSeconds(5));
        keyring = Keyring.of(Keys.random("k1"));
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void theSameRequestTwiceIsOneBackup() {
        BackupOrder order = order("twice", Trigger.PRE_DEPLOY, DatabaseSpec.Verify.EVERY, null, "run-1", "ev-1");

        JobOutcome first = job(Clock.systemUTC()).run(order);
        JobOutcome second = job(Clock.systemUTC()).run(order);

        assertThat(first.succeeded()).isTrue();
        assertThat(first.repeated()).isFalse();
        assertThat(second.repeated()).isTrue();
        assertThat(second.done().object()).isEqualTo(first.done().object());
        assertThat(second.done().verification()).isEqualTo(first.done().verification());
    }

    @Test
    void aReplayOfASucceededRequestReportsTheSameBackup() {
        BackupOrder original = order("replayed", Trigger.PRE_DEPLOY, DatabaseSpec.Verify.EVERY, null, "run-2", "ev-2");
        JobOutcome first = job(Clock.systemUTC()).run(original);

        BackupOrder replay = new BackupOrder(original.app(), original.environment(), original.database(),
                original.password(), original.trigger(), original.run(), "ev-2-replay", "ev-2");
        JobOutcome again = job(Clock.systemUTC()).run(replay);

        assertThat(again.repeated()).isTrue();
        assertThat(again.done().object().key()).isEqualTo(first.done().object().key());
    }

    @Test
    void dailyVerificationDrillsOnlyTheFirstBackupOfTheDay() {
        Clock morning = Clock.fixed(Instant.parse("2026-02-03T01:00:00Z"), ZoneOffset.UTC);
        Clock evening = Clock.fixed(Instant.parse("2026-02-03T19:00:00Z"), ZoneOffset.UTC);
        Clock nextDay = Clock.fixed(Instant.parse("2026-02-04T01:00:00Z"), ZoneOffset.UTC);

        JobOutcome first = job(morning).run(order("daily", Trigger.SCHEDULE, DatabaseSpec.Verify.DAILY, null, "r1",
                null));
        JobOutcome second = job(evening).run(order("daily", Trigger.SCHEDULE, DatabaseSpec.Verify.DAILY, null, "r2",
                null));
        JobOutcome third = job(nextDay).run(order("daily", Trigger.SCHEDULE, DatabaseSpec.Verify.DAILY, null, "r3",
                null));
        JobOutcome predeploy = job(evening).run(order("daily", Trigger.PRE_DEPLOY, DatabaseSpec.Verify.DAILY, null,
                "r4", null));

        assertThat(first.done().verification()).isNotNull();
        assertThat(second.succeeded()).isTrue();
        assertThat(second.done().verification()).isNull();
        assertThat(third.done().verification()).isNotNull();
        assertThat(predeploy.done().verification()).as("a pre-deploy backup is always drilled").isNotNull();
    }

    @Test
    void aFailedDrillFailsTheBackupAndIsRecordedBesideIt() throws Exception {
        JobOutcome outcome = job(Clock.systemUTC()).run(order("probe", Trigger.PRE_DEPLOY, DatabaseSpec.Verify.EVERY,
                "SELECT 1 WHERE false", "run-probe", "ev-probe"));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.failure().problem()).isEqualTo(BackupException.Problem.VERIFICATION_FAILED);
        BackupDone done = outcome.done();
        assertThat(done.outcome()).isEqualTo(BackupDone.Outcome.FAILED);
        assertThat(done.reason()).startsWith("verification failed: ").contains("probe query returned no row");
        assertThat(done.verification().restored()).isFalse();
        assertThat(done.object()).isNotNull();
        assertThat(bucket.find(done.object().key())).get().satisfies(stored -> {
            assertThat(stored.verified()).isFalse();
            assertThat(stored.drill().problem()).contains("probe query");
        });
    }

    @Test
    void aPasswordThatCannotBeReadFailsBeforeAnythingIsDumped() {
        BackupJob job = new BackupJob(dumper(Clock.systemUTC()), drill(Clock.systemUTC()), bucket, ref -> {
            throw new BackupException(BackupException.Problem.PASSWORD_UNAVAILABLE,
                    "Secret x/y-secrets does not exist");
        }, source -> SampleDatabase.drillServer(), Clock.systemUTC());

        JobOutcome outcome = job.run(order("nopassword", Trigger.MANUAL, DatabaseSpec.Verify.EVERY, null, "r", null));

        assertThat(outcome.done().reason()).isEqualTo("password unavailable: Secret x/y-secrets does not exist");
        assertThat(outcome.failure().problem().reason().retriable()).isTrue();
    }

    private static BackupOrder order(String app, Trigger trigger, DatabaseSpec.Verify verify, String probe, String run,
            String requestId) {
        DatabaseSpec spec = new DatabaseSpec(db.postgres().host(), db.postgres().port(), db.name(), db.user(),
                "DATABASE_PASSWORD", null, 7, verify, probe);
        return new BackupOrder(app, "production", spec, new PasswordRef.Configured(db.password()), trigger, run,
                requestId, null);
    }

    private static BackupJob job(Clock clock) {
        return new BackupJob(dumper(clock), drill(clock), bucket, ref -> ((PasswordRef.Configured) ref).password(),
                source -> SampleDatabase.drillServer(), clock);
    }

    private static Dumper dumper(Clock clock) {
        return new Dumper(tools, bucket, keyring, clock, LIMIT);
    }

    private static RestoreDrill drill(Clock clock) {
        return new RestoreDrill(tools, bucket, keyring, clock, LIMIT);
    }
}

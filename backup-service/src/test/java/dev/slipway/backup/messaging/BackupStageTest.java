package dev.slipway.backup.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.slipway.backup.storage.BackupBucket;
import dev.slipway.backup.support.BackupTestResource;
import dev.slipway.backup.support.SampleDatabase;
import dev.slipway.backup.support.Secrets;
import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Stage;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.BackupDone;
import dev.slipway.contracts.events.BackupRequested;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.contracts.spec.DatabaseSpec;
import dev.slipway.testkit.kafka.CloudEventsClient;
import dev.slipway.testkit.kafka.Kafka;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.kafka.OutgoingEvent;
import dev.slipway.testkit.kafka.ReceivedEvent;
import dev.slipway.testkit.kubernetes.KubernetesTestResource;

/** {@code backup-requested} through the real broker, database, S3 endpoint and (mock) Kubernetes API. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Topics.BACKUP_DONE + "," + Topics.STAGE_FAILED),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.BACKUP_REQUESTED + "," + Topics.CHART_PUBLISHED
                + "," + Topics.BACKUP_DONE + "," + Topics.STAGE_FAILED)})
@WithTestResource(KubernetesTestResource.class)
@WithTestResource(BackupTestResource.class)
class BackupStageTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static CloudEventsClient events;

    @Inject
    BackupBucket bucket;

    @BeforeAll
    static void client() {
        events = Kafka.shared().cloudEvents();
    }

    @AfterAll
    static void close() {
        events.close();
    }

    @Test
    void aRequestIsAnsweredInItsRunWithAVerifiedEncryptedBackup() throws Exception {
        SampleDatabase db = SampleDatabase.create("requested");
        Secrets.put("req-ok-prod", "req-ok-secrets", "DATABASE_PASSWORD", db.password().reveal());
        OutgoingEvent request = request("req-ok", "req-ok-prod", spec(db, "SELECT 1 FROM billing.invoices"),
                "run-" + UUID.randomUUID());

        events.send(Topics.BACKUP_REQUESTED, request);

        ReceivedEvent answer = events.await(Topics.BACKUP_DONE, EventTypes.BACKUP_DONE, request.runId(), WAIT);
        assertThat(answer.causationId()).isEqualTo(request.id());
        assertThat(answer.key()).isEqualTo("req-ok");
        BackupDone done = answer.payload(BackupDone.class);
        assertThat(done.outcome()).isEqualTo(BackupDone.Outcome.SUCCEEDED);
        assertThat(done.trigger()).isEqualTo(BackupRequested.Trigger.PRE_DEPLOY);
        assertThat(done.environment()).isEqualTo("production");
        assertThat(done.database()).isEqualTo(db.name());
        assertThat(done.verification()).isEqualTo(new BackupDone.Verification(true, SampleDatabase.TABLES,
                SampleDatabase.ROWS, true));
        assertThat(done.object().bucket()).isEqualTo(BackupTestResource.BUCKET);
        assertThat(done.object().keyId()).isEqualTo(BackupTestResource.KEY_ID);
        assertThat(done.object().key()).startsWith("backups/req-ok/" + db.name() + "/");
        assertThat(done.postgresVersion()).startsWith("15.");
        assertThat(done.finishedAt()).isAfter(done.startedAt());
        assertThat(bucket.find(done.object().key())).get()
                .satisfies(stored -> assertThat(stored.verified()).isTrue())
                .satisfies(stored -> assertThat(stored.metadata().request()).isEqualTo(request.id()));
    }

    @Test
    void aRedeliveredRequestIsAnsweredFromTheBucketWithoutASecondBackup() throws Exception {
        SampleDatabase db = SampleDatabase.create("redelivered");
        Secrets.put("req-again", "req-again-secrets", "DATABASE_PASSWORD", db.password().reveal());
        OutgoingEvent request = request("req-again", "req-again", spec(db, null), "run-" + UUID.randomUUID());

        events.send(Topics.BACKUP_REQUESTED, request);
        BackupDone first = events.await(Topics.BACKUP_DONE, EventTypes.BACKUP_DONE, request.runId(), WAIT)
                .payload(BackupDone.class);
        events.send(Topics.BACKUP_REQUESTED, request);

        List<BackupDone> answers = org.awaitility.Awaitility.await().atMost(WAIT)
                .until(() -> answersOf(request.runId()), list -> list.size() == 2);
        assertThat(answers).extracting(BackupDone::outcome).containsOnly(BackupDone.Outcome.SUCCEEDED);
        assertThat(answers).extracting(d -> d.object().key()).containsOnly(first.object().key());
        assertThat(bucket.list(bucket.keys().database("req-again", db.name()))).hasSize(1);
    }

    @Test
    void aWrongPasswordAnswersFailedWithItsReasonAndAStageFailure() {
        SampleDatabase db = SampleDatabase.create("wrongpw");
        String wrong = "wrong-" + UUID.randomUUID();
        Secrets.put("req-badpw", "req-badpw-secrets", "DATABASE_PASSWORD", wrong);
        OutgoingEvent request = request("req-badpw", "req-badpw", spec(db, null), "run-" + UUID.randomUUID());

        events.send(Topics.BACKUP_REQUESTED, request);

        ReceivedEvent answer = events.await(Topics.BACKUP_DONE, EventTypes.BACKUP_DONE, request.runId(), WAIT);
        BackupDone done = answer.payload(BackupDone.class);
        assertThat(done.outcome()).isEqualTo(BackupDone.Outcome.FAILED);
        assertThat(done.reason()).startsWith("authentication: ").doesNotContain(wrong);
        assertThat(done.object()).isNull();
        assertThat(answer.causationId()).isEqualTo(request.id());

        ReceivedEvent failure = events.await(Topics.STAGE_FAILED, EventTypes.STAGE_FAILED, request.runId(), WAIT);
        StageFailed failed = failure.payload(StageFailed.class);
        assertThat(failure.causationId()).isEqualTo(request.id());
        assertThat(failed.stage()).isEqualTo(Stage.BACKUP);
        assertThat(failed.reason()).isEqualTo(FailureReason.INVALID_INPUT);
        assertThat(failed.retriable()).isFalse();
        assertThat(failed.inputTopic()).isEqualTo(Topics.BACKUP_REQUESTED);
        assertThat(failed.inputEventId()).isEqualTo(request.id());
        assertThat(failure.payloadText()).doesNotContain(wrong);
    }

    @Test
    void aMissingSecretIsARetriableFailure() {
        SampleDatabase db = SampleDatabase.create("nosecret");
        OutgoingEvent request = request("req-nosecret", "nowhere", spec(db, null), "run-" + UUID.randomUUID());

        events.send(Topics.BACKUP_REQUESTED, request);

        BackupDone done = events.await(Topics.BACKUP_DONE, EventTypes.BACKUP_DONE, request.runId(), WAIT)
                .payload(BackupDone.class);
        assertThat(done.outcome()).isEqualTo(BackupDone.Outcome.FAILED);
        assertThat(done.reason()).startsWith("password unavailable: ").contains("nowhere/req-nosecret-secrets");
        StageFailed failed = events.await(Topics.STAGE_FAILED, EventTypes.STAGE_FAILED, request.runId(), WAIT)
                .payload(StageFailed.class);
        assertThat(failed.retriable()).isTrue();
    }

    @Test
    void anUnreadableRequestGoesToTheDeadLetterTopic() {
        OutgoingEvent poison = OutgoingEvent.of(EventTypes.BACKUP_REQUESTED, "req-poison", "{not json")
                .withRunId("run-" + UUID.randomUUID());

        events.send(Topics.BACKUP_REQUESTED, poison);

        ReceivedEvent dead = events.await(Topics.dlq(Topics.BACKUP_REQUESTED), e -> "req-poison".equals(e.key()),
                "key req-poison", WAIT);
        assertThat(dead.payloadText()).isEqualTo("{not json");
    }

    private List<BackupDone> answersOf(String runId) {
        return events.readFor(Topics.BACKUP_DONE, Duration.ofSeconds(2)).stream()
                .filter(e -> runId.equals(e.runId())).map(e -> e.payload(BackupDone.class)).toList();
    }

    static DatabaseSpec spec(SampleDatabase db, String probe) {
        return new DatabaseSpec(db.postgres().host(), db.postgres().port(), db.name(), db.user(),
                "DATABASE_PASSWORD", null, 7, DatabaseSpec.Verify.EVERY, probe);
    }

    static OutgoingEvent request(String app, String namespace, DatabaseSpec spec, String run) {
        return OutgoingEvent.of(EventTypes.BACKUP_REQUESTED, app, new BackupRequested(app, "production", namespace,
                spec, BackupRequested.Trigger.PRE_DEPLOY, "deploy-service")).withRunId(run);
    }
}

package dev.slipway.backup.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.slipway.backup.policy.PolicyService;
import dev.slipway.backup.support.BackupTestResource;
import dev.slipway.backup.support.Charts;
import dev.slipway.backup.support.SampleDatabase;
import dev.slipway.backup.support.Secrets;
import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.BackupDone;
import dev.slipway.contracts.events.BackupRequested;
import dev.slipway.contracts.spec.DatabaseSpec;
import dev.slipway.testkit.kafka.CloudEventsClient;
import dev.slipway.testkit.kafka.Kafka;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.kubernetes.KubernetesTestResource;

/** Policies learned from {@code chart-published}, backups started by the API and by the schedule, and the listing. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Topics.BACKUP_DONE + "," + Topics.STAGE_FAILED),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.BACKUP_REQUESTED + "," + Topics.CHART_PUBLISHED
                + "," + Topics.BACKUP_DONE + "," + Topics.STAGE_FAILED)})
@WithTestResource(KubernetesTestResource.class)
@WithTestResource(BackupTestResource.class)
class BackupApiTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static CloudEventsClient events;

    @Inject
    PolicyService policies;

    @BeforeAll
    static void client() {
        events = Kafka.shared().cloudEvents();
    }

    @AfterAll
    static void close() {
        events.close();
    }

    @Test
    void startingABackupNeedsTheSreRole() {
        given().contentType(ContentType.JSON).body(Map.of("app", "anything"))
                .when().post("/api/backups").then().statusCode(401);
        given().auth().oauth2(BackupTestResource.VIEWER_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("app", "anything")).when().post("/api/backups").then().statusCode(403);
        given().auth().oauth2("not-a-token").contentType(ContentType.JSON)
                .body(Map.of("app", "anything")).when().post("/api/backups").then().statusCode(401);
    }

    @Test
    void anApplicationWithoutAPolicyCannotBeBackedUp() {
        given().auth().oauth2(BackupTestResource.SRE_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("app", "never-published")).when().post("/api/backups")
                .then().statusCode(404);
    }

    @Test
    void aPublishedChartTeachesThePolicyThatTheApiThenBacksUpAndLists() {
        SampleDatabase db = SampleDatabase.create("viaapi");
        Secrets.put("api-app-prod", "api-app-secrets", "DATABASE_PASSWORD", db.password().reveal());
        publish("api-app", "api-app-prod", database(db, null));
        await().atMost(WAIT).until(() -> policies.find("api-app", null).isPresent());

        String run = given().auth().oauth2(BackupTestResource.SRE_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("app", "api-app")).when().post("/api/backups")
                .then().statusCode(202).body("database", equalTo(db.name())).extract().path("run");

        BackupDone done = events.await(Topics.BACKUP_DONE, EventTypes.BACKUP_DONE, run, WAIT).payload(BackupDone.class);
        assertThat(done.outcome()).isEqualTo(BackupDone.Outcome.SUCCEEDED);
        assertThat(done.trigger()).isEqualTo(BackupRequested.Trigger.MANUAL);
        assertThat(done.verification().rows()).isEqualTo(SampleDatabase.ROWS);

        given().auth().oauth2(BackupTestResource.VIEWER_TOKEN).queryParam("app", "api-app")
                .when().get("/api/backups")
                .then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].key", equalTo(done.object().key()))
                .body("[0].run", equalTo(run))
                .body("[0].verified", equalTo(true))
                .body("[0].rows", equalTo((int) SampleDatabase.ROWS))
                .body("[0].keyId", equalTo(BackupTestResource.KEY_ID));
        given().when().get("/api/backups?app=api-app").then().statusCode(401);

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("slipway_backup_last_success_age_seconds{app=\"api-app\",database=\""
                        + db.name() + "\"}"))
                .body(containsString("slipway_backup_last_verified_age_seconds{app=\"api-app\""))
                .body(containsString("slipway_stage_outcomes_total{outcome=\"succeeded\",stage=\"backup\"}"));
    }

    @Test
    void aScheduleThatFiredStartsOneBackup() {
        SampleDatabase db = SampleDatabase.create("scheduled");
        Secrets.put("cron-app-prod", "cron-app-secrets", "DATABASE_PASSWORD", db.password().reveal());
        publish("cron-app", "cron-app-prod", database(db, "* * * * *"));
        await().atMost(WAIT).until(() -> policies.find("cron-app", null).isPresent());

        Instant now = Instant.now();
        List<String> runs = policies.runDue(now);

        String run = runs.stream().filter(r -> r.startsWith("schedule-cron-app-")).findFirst().orElseThrow();
        BackupDone done = events.await(Topics.BACKUP_DONE, EventTypes.BACKUP_DONE, run, WAIT).payload(BackupDone.class);
        assertThat(done.trigger()).isEqualTo(BackupRequested.Trigger.SCHEDULE);
        assertThat(done.outcome()).isEqualTo(BackupDone.Outcome.SUCCEEDED);
        assertThat(policies.runDue(now)).noneMatch(r -> r.startsWith("schedule-cron-app-"));
    }

    @Test
    void listingNeedsAnApplication() {
        given().auth().oauth2(BackupTestResource.VIEWER_TOKEN).when().get("/api/backups").then().statusCode(400);
    }

    private static DatabaseSpec database(SampleDatabase db, String schedule) {
        return Charts.database(db, schedule);
    }

    private static void publish(String app, String namespace, DatabaseSpec database) {
        Charts.publish(events, app, namespace, database);
    }
}

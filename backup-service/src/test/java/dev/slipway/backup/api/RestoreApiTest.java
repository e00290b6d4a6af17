package dev.slipway.backup.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.slipway.backup.job.JobOutcome;
import dev.slipway.backup.policy.PolicyService;
import dev.slipway.backup.support.BackupTestResource;
import dev.slipway.backup.support.Charts;
import dev.slipway.backup.support.SampleDatabase;
import dev.slipway.backup.support.Secrets;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.BackupRequested.Trigger;
import dev.slipway.testkit.kafka.CloudEventsClient;
import dev.slipway.testkit.kafka.Kafka;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.kubernetes.KubernetesTestResource;

/** {@code POST /api/restores} against the real database, bucket and (mock) Kubernetes API holding the password. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Topics.BACKUP_DONE + "," + Topics.STAGE_FAILED),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.BACKUP_REQUESTED + "," + Topics.CHART_PUBLISHED
                + "," + Topics.BACKUP_DONE + "," + Topics.STAGE_FAILED)})
@WithTestResource(KubernetesTestResource.class)
@WithTestResource(BackupTestResource.class)
class RestoreApiTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String APP = "restore-app";
    private static CloudEventsClient events;
    private static SampleDatabase db;
    private static String backupKey;

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
    void restoringNeedsTheAdminRole() {
        Map<String, Object> body = Map.of("app", "anything", "target", "anything_copy");
        given().contentType(ContentType.JSON).body(body).when().post("/api/restores").then().statusCode(401);
        given().auth().oauth2("not-a-token").contentType(ContentType.JSON).body(body)
                .when().post("/api/restores").then().statusCode(401);
        given().auth().oauth2(BackupTestResource.VIEWER_TOKEN).contentType(ContentType.JSON).body(body)
                .when().post("/api/restores").then().statusCode(403);
        given().auth().oauth2(BackupTestResource.SRE_TOKEN).contentType(ContentType.JSON).body(body)
                .when().post("/api/restores").then().statusCode(403);
    }

    @Test
    void restoresTheNewestVerifiedBackupIntoANewDatabase() throws Exception {
        String key = backup();
        String copy = db.name() + "_restored";

        given().auth().oauth2(BackupTestResource.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("app", APP, "target", copy))
                .when().post("/api/restores")
                .then().statusCode(200)
                .body("outcome", equalTo("SUCCEEDED"))
                .body("key", equalTo(key))
                .body("app", equalTo(APP))
                .body("database", equalTo(db.name()))
                .body("target", equalTo(copy))
                .body("createdTarget", equalTo(true))
                .body("tables", equalTo(SampleDatabase.TABLES))
                .body("rows", equalTo((int) SampleDatabase.ROWS))
                .body("reason", nullValue());

        assertThat(SampleDatabase.count(copy, "customers")).isEqualTo(SampleDatabase.CUSTOMERS);
        assertThat(SampleDatabase.count(copy, "orders")).isEqualTo(SampleDatabase.ORDERS);
        assertThat(SampleDatabase.count(copy, "billing.invoices")).isEqualTo(SampleDatabase.INVOICES);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("slipway_backup_restores_total{outcome=\"succeeded\"}"));
    }

    @Test
    void theSourceDatabaseIsRefusedWithoutForceAndRestoredWithIt() throws Exception {
        String key = backup();
        db.execute("DELETE FROM orders WHERE id > 100");

        given().auth().oauth2(BackupTestResource.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("key", key, "target", db.name()))
                .when().post("/api/restores")
                .then().statusCode(409).body("error", containsString("force=true"));
        assertThat(SampleDatabase.count(db.name(), "orders")).isEqualTo(100);

        given().auth().oauth2(BackupTestResource.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("key", key, "target", db.name(), "force", true))
                .when().post("/api/restores")
                .then().statusCode(200)
                .body("outcome", equalTo("SUCCEEDED"))
                .body("forced", equalTo(true))
                .body("createdTarget", equalTo(false))
                .body("rows", equalTo((int) SampleDatabase.ROWS));
        assertThat(SampleDatabase.count(db.name(), "orders")).isEqualTo(SampleDatabase.ORDERS);
    }

    @Test
    void badRequestsAreToldWhatIsWrong() throws Exception {
        String key = backup();
        String admin = BackupTestResource.ADMIN_TOKEN;

        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("key", key))
                .when().post("/api/restores").then().statusCode(400)
                .body("error", containsString("name the target database"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("key", key, "target", "x host=elsewhere"))
                .when().post("/api/restores").then().statusCode(400).body("error", containsString("letters"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("key", key, "app", APP, "target", "copy"))
                .when().post("/api/restores").then().statusCode(400).body("error", containsString("either"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("key", key.replace(".dump.enc", "-missing.dump.enc"), "target", "copy"))
                .when().post("/api/restores").then().statusCode(404).body("error", containsString("no backup"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("app", "never-published", "target", "copy"))
                .when().post("/api/restores").then().statusCode(404).body("error", containsString("no backup policy"));
    }

    /** One verified backup of the application's database, taken once for the class. */
    private synchronized String backup() throws Exception {
        if (backupKey == null) {
            db = SampleDatabase.create("restoreapi").allowCreatingDatabases();
            Secrets.put("restore-app-prod", "restore-app-secrets", "DATABASE_PASSWORD", db.password().reveal());
            Charts.publish(events, APP, "restore-app-prod", Charts.database(db, null));
            await().atMost(WAIT).until(() -> policies.find(APP, null).isPresent());
            JobOutcome outcome = policies.backUp(policies.find(APP, null).orElseThrow(), Trigger.MANUAL,
                    "run-restore-api").toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(outcome.succeeded()).isTrue();
            assertThat(outcome.done().verification().restored()).isTrue();
            backupKey = outcome.done().object().key();
        }
        return backupKey;
    }
}

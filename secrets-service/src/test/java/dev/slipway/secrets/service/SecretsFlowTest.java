package dev.slipway.secrets.service;

import static dev.slipway.secrets.service.ServiceFixtures.ADMIN;
import static dev.slipway.secrets.service.ServiceFixtures.SRE;
import static dev.slipway.secrets.service.ServiceFixtures.WAIT;
import static dev.slipway.secrets.service.ServiceFixtures.awaitSynced;
import static dev.slipway.secrets.service.ServiceFixtures.decoded;
import static dev.slipway.secrets.service.ServiceFixtures.newApp;
import static dev.slipway.secrets.service.ServiceFixtures.productionNamespace;
import static dev.slipway.secrets.service.ServiceFixtures.publishChart;
import static dev.slipway.secrets.service.ServiceFixtures.secret;
import static dev.slipway.secrets.service.ServiceFixtures.stagingNamespace;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.slipway.contracts.SecretValue;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.SecretsSynced;
import dev.slipway.contracts.events.SecretsSynced.KeyVersion;
import dev.slipway.secrets.crypto.Envelope;
import dev.slipway.secrets.crypto.Keyring;
import dev.slipway.secrets.crypto.SealingKey;
import dev.slipway.secrets.crypto.SecretGenerator;
import dev.slipway.secrets.store.SecretRef;
import dev.slipway.secrets.store.SecretStore;
import dev.slipway.secrets.sync.SecretManifest;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.kafka.ReceivedEvent;
import dev.slipway.testkit.kubernetes.KubernetesTestResource;
import dev.slipway.testkit.kubernetes.MockKubernetes;
import dev.slipway.testkit.postgres.PostgresTestResource;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Topics.SECRETS_SYNCED + "," + Topics.STAGE_FAILED),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.CHART_PUBLISHED + "," + Topics.SECRETS_SYNCED
                + "," + Topics.STAGE_FAILED)})
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = PostgresTestResource.DATABASE, value = "secrets"))
@WithTestResource(KubernetesTestResource.class)
class SecretsFlowTest {

    @Inject
    DataSource dataSource;

    @Test
    void setRotateAndDeleteKeepTheSecretInStepAndEmitANewVersionEachTime() {
        // Given an application whose chart names its namespaces
        String app = newApp();
        String namespace = stagingNamespace(app);
        publishChart(app, "run-" + app);
        awaitSynced(app, "staging", s -> s.keys().isEmpty(), "no keys yet");

        // When a value is set
        given().auth().oauth2(SRE).contentType(ContentType.JSON).body("{\"value\":\"pa55word\"}")
                .put("/api/apps/{app}/environments/staging/secrets/DB_PASSWORD", app)
                .then().statusCode(200)
                .body("version", equalTo(1))
                .body("sync.status", equalTo("synced"))
                .body("sync.namespace", equalTo(namespace));

        // Then the Secret holds it (base64), labelled as Slipway's, and secrets-synced says version 1
        Secret secret = secret(namespace, app);
        assertThat(decoded(secret, "DB_PASSWORD")).isEqualTo("pa55word");
        assertThat(secret.getData().get("DB_PASSWORD"))
                .isEqualTo(Base64.getEncoder().encodeToString("pa55word".getBytes()));
        assertThat(secret.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "slipway");
        SecretsSynced first = awaitSynced(app, "staging", s -> s.keys().contains(new KeyVersion("DB_PASSWORD", 1)),
                "DB_PASSWORD v1").payload(SecretsSynced.class);
        assertThat(first.namespace()).isEqualTo(namespace);
        assertThat(first.secretName()).isEqualTo(app + "-secrets");
        assertThat(first.checksum()).startsWith("sha256:")
                .isEqualTo(secret.getMetadata().getAnnotations().get(SecretManifest.CHECKSUM_ANNOTATION));

        // When a generated secret is made and then rotated
        given().auth().oauth2(SRE).contentType(ContentType.JSON).body("{\"length\":24,\"alphabet\":\"hex\"}")
                .post("/api/apps/{app}/environments/staging/secrets/SESSION_KEY/generate", app)
                .then().statusCode(200).body("version", equalTo(1));
        String generated = decoded(secret(namespace, app), "SESSION_KEY");
        given().auth().oauth2(SRE).post("/api/apps/{app}/environments/staging/secrets/SESSION_KEY/rotate", app)
                .then().statusCode(200).body("version", equalTo(2)).body("sync.status", equalTo("synced"));

        // Then the Secret changes and a secrets-synced with the higher version reaches the broker
        String rotated = decoded(secret(namespace, app), "SESSION_KEY");
        assertThat(generated).hasSize(24).matches("[0-9a-f]+");
        assertThat(rotated).hasSize(24).matches("[0-9a-f]+").isNotEqualTo(generated);
        SecretsSynced afterRotation = awaitSynced(app, "staging",
                s -> s.keys().contains(new KeyVersion("SESSION_KEY", 2)), "SESSION_KEY v2")
                .payload(SecretsSynced.class);
        assertThat(afterRotation.keys()).containsExactly(new KeyVersion("DB_PASSWORD", 1),
                new KeyVersion("SESSION_KEY", 2));
        assertThat(afterRotation.checksum()).isNotEqualTo(first.checksum());

        // When a key is deleted, then it leaves the Secret and the next event
        given().auth().oauth2(SRE).delete("/api/apps/{app}/environments/staging/secrets/DB_PASSWORD", app)
                .then().statusCode(200).body("version", equalTo(1)).body("action", equalTo("deleted"));
        assertThat(secret(namespace, app).getData()).containsOnlyKeys("SESSION_KEY");
        awaitSynced(app, "staging", s -> s.keys().equals(List.of(new KeyVersion("SESSION_KEY", 2))),
                "only SESSION_KEY v2");

        // And the list names keys and versions, never values
        given().auth().oauth2(ADMIN).get("/api/apps/{app}/environments/staging/secrets", app)
                .then().statusCode(200)
                .body("keys", hasSize(1))
                .body("keys[0].key", equalTo("SESSION_KEY"))
                .body("keys[0].version", equalTo(2))
                .body("keys[0].source", equalTo("generated"))
                .body("keys[0].length", equalTo(24))
                .body("keys[0].updatedBy", equalTo("sre-test"));
        // The production Secret exists too, holding nothing: no value was set there
        assertThat(secret(productionNamespace(app), app).getData()).isNullOrEmpty();
    }

    @Test
    void aValueSetBeforeTheFirstChartIsSyncedWhenTheChartNamesItsNamespace() {
        String app = newApp();
        given().auth().oauth2(SRE).contentType(ContentType.JSON).body("{\"value\":\"early\"}")
                .put("/api/apps/{app}/environments/production/secrets/API_TOKEN", app)
                .then().statusCode(200).body("sync.status", equalTo("no_target"));

        String chartEventId = publishChart(app, "run-early-" + app);

        ReceivedEvent synced = awaitSynced(app, "production",
                s -> s.keys().contains(new KeyVersion("API_TOKEN", 1)), "API_TOKEN v1");
        assertThat(synced.runId()).isEqualTo("run-early-" + app);
        assertThat(synced.causationId()).isEqualTo(chartEventId);
        assertThat(decoded(secret(productionNamespace(app), app), "API_TOKEN")).isEqualTo("early");
    }

    @Test
    void aSealedValueOpensForItsAppAndIsRefusedForAnother() {
        String app = newApp();
        String other = newApp();
        publishChart(app, "run-" + app);
        publishChart(other, "run-" + other);
        awaitSynced(other, "staging", s -> true, "any keys");
        String pem = given().get("/api/sealing-key").then().statusCode(200).extract().asString();
        String sealed = SealingKey.seal(SealingKey.readPublicPem(pem), app, "staging", "API_TOKEN",
                SecretValue.of("sealed-for-shop"), new SecureRandom());

        given().auth().oauth2(SRE).contentType(ContentType.JSON).body("{\"sealed\":\"" + sealed + "\"}")
                .post("/api/apps/{app}/environments/staging/secrets/API_TOKEN/sealed", app)
                .then().statusCode(200).body("version", equalTo(1)).body("sync.status", equalTo("synced"));
        given().auth().oauth2(SRE).contentType(ContentType.JSON).body("{\"sealed\":\"" + sealed + "\"}")
                .post("/api/apps/{app}/environments/staging/secrets/API_TOKEN/sealed", other)
                .then().statusCode(422);
        given().auth().oauth2(SRE).contentType(ContentType.JSON).body("{\"API_TOKEN\":\"" + sealed + "\"}")
                .post("/api/apps/{app}/environments/production/sealed", app)
                .then().statusCode(422);

        assertThat(decoded(secret(stagingNamespace(app), app), "API_TOKEN")).isEqualTo("sealed-for-shop");
        assertThat(secret(stagingNamespace(other), app)).isNull();
        assertThat(secret(stagingNamespace(other), other).getData()).isNullOrEmpty();
        given().auth().oauth2(SRE).get("/api/apps/{app}/environments/staging/secrets", app)
                .then().body("keys[0].source", equalTo("sealed"));
    }

    @Test
    void aSecretEditedOrDeletedByHandIsRestoredAndTheDriftReported() {
        // Given synced Secrets in both namespaces
        String app = newApp();
        publishChart(app, "run-" + app);
        awaitSynced(app, "production", s -> true, "any keys");
        put(app, "staging", "DB_PASSWORD", "staging-value");
        put(app, "production", "DB_PASSWORD", "production-value");

        // When someone edits one by hand (a changed value, an added key) and deletes the other
        MockKubernetes.shared().client().secrets().inNamespace(stagingNamespace(app)).withName(app + "-secrets")
                .edit(s -> {
                    s.getData().put("DB_PASSWORD", Base64.getEncoder().encodeToString("tampered".getBytes()));
                    s.getData().put("INJECTED", Base64.getEncoder().encodeToString("x".getBytes()));
                    return s;
                });
        MockKubernetes.shared().client().secrets().inNamespace(productionNamespace(app)).withName(app + "-secrets")
                .delete();
        await().atMost(WAIT).until(() -> secret(productionNamespace(app), app) == null);

        // Then a reconcile restores both and reports what drifted
        given().auth().oauth2(ADMIN).post("/api/admin/reconcile").then().statusCode(200);

        Secret staging = secret(stagingNamespace(app), app);
        assertThat(decoded(staging, "DB_PASSWORD")).isEqualTo("staging-value");
        assertThat(staging.getData()).containsOnlyKeys("DB_PASSWORD");
        assertThat(decoded(secret(productionNamespace(app), app), "DB_PASSWORD")).isEqualTo("production-value");
        given().auth().oauth2(SRE).get("/api/apps/{app}/audit", app).then().statusCode(200)
                .body("findAll { it.action == 'drift-repaired' }.detail.join(' ')",
                        org.hamcrest.Matchers.allOf(
                                org.hamcrest.Matchers.containsString("changed DB_PASSWORD"),
                                org.hamcrest.Matchers.containsString("added INJECTED"),
                                org.hamcrest.Matchers.containsString("Secret was missing")));
        // and a second reconcile finds nothing to do
        assertThat(given().auth().oauth2(ADMIN).post("/api/admin/reconcile").then().statusCode(200).extract()
                .jsonPath().getList("findAll { it.secret == '" + app + "-secrets' }.status", String.class))
                .containsOnly("unchanged");
    }

    @Test
    void aGeneratedSecretIsRotatedWhenItsPeriodHasPassed() {
        String app = newApp();
        publishChart(app, "run-" + app);
        awaitSynced(app, "staging", s -> true, "any keys");

        given().auth().oauth2(SRE).contentType(ContentType.JSON).body("{\"length\":16,\"rotateEvery\":\"1s\"}")
                .post("/api/apps/{app}/environments/staging/secrets/SIGNING_KEY/generate", app)
                .then().statusCode(200).body("version", equalTo(1));
        String first = decoded(secret(stagingNamespace(app), app), "SIGNING_KEY");

        SecretsSynced rotated = awaitSynced(app, "staging",
                s -> s.keys().stream().anyMatch(k -> k.key().equals("SIGNING_KEY") && k.version() >= 2),
                "SIGNING_KEY v2 or later").payload(SecretsSynced.class);

        assertThat(rotated.keys()).singleElement().satisfies(k -> assertThat(k.version()).isGreaterThanOrEqualTo(2));
        await().atMost(WAIT).untilAsserted(() -> assertThat(decoded(secret(stagingNamespace(app), app),
                "SIGNING_KEY")).hasSize(16).isNotEqualTo(first));
        given().auth().oauth2(SRE).get("/api/apps/{app}/audit", app).then()
                .body("find { it.action == 'rotated' }.actor", equalTo("slipway"));
        // Stop the per-second rotation for the rest of the run
        given().auth().oauth2(SRE).delete("/api/apps/{app}/environments/staging/secrets/SIGNING_KEY", app)
                .then().statusCode(200);
    }

    @Test
    void kekRotationLeavesEveryValueReadableIntoTheCluster() {
        // Given values whose data key the old key-encryption key wrapped
        String app = newApp();
        String keys = ConfigProvider.getConfig().getValue("slipway.secrets.kek.keys", String.class);
        Envelope old = new Envelope(new Keyring("test-old", Keyring.parse(keys, "test")));
        SecretStore oldStore = new SecretStore(dataSource, old, new SecretGenerator(new SecureRandom()),
                Clock.systemUTC());
        oldStore.set(new SecretRef(app, "staging", "DB_PASSWORD"), SecretValue.of("wrapped-by-old"), "before");
        oldStore.set(new SecretRef(app, "production", "DB_PASSWORD"), SecretValue.of("also-old"), "before");

        // When an admin rewraps under the active key (an SRE may not)
        given().auth().oauth2(SRE).post("/api/admin/kek/rewrap").then().statusCode(403);
        given().auth().oauth2(ADMIN).post("/api/admin/kek/rewrap").then().statusCode(200)
                .body("dataKeys", org.hamcrest.Matchers.hasItems(app + "/staging", app + "/production"));

        // Then the values reach the cluster, and the old key no longer opens the data keys
        publishChart(app, "run-" + app);
        awaitSynced(app, "production", s -> s.keys().contains(new KeyVersion("DB_PASSWORD", 1)), "DB_PASSWORD v1");
        assertThat(decoded(secret(stagingNamespace(app), app), "DB_PASSWORD")).isEqualTo("wrapped-by-old");
        assertThat(decoded(secret(productionNamespace(app), app), "DB_PASSWORD")).isEqualTo("also-old");
        Envelope onlyOld = new Envelope(new Keyring("test-old", Keyring.parse(keys, "test").stream()
                .filter(k -> k.id().equals("test-old")).toList()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SecretStore(dataSource, onlyOld,
                new SecretGenerator(new SecureRandom()), Clock.systemUTC()).snapshot(app, "staging"))
                .hasMessageContaining("'test-new' is not in the keyring");
    }

    static void put(String app, String environment, String key, String value) {
        given().auth().oauth2(SRE).contentType(ContentType.JSON).body("{\"value\":\"" + value + "\"}")
                .put("/api/apps/{app}/environments/{env}/secrets/{key}", app, environment, key)
                .then().statusCode(200).body("sync.status", equalTo("synced"));
    }

    static String unique() {
        return UUID.randomUUID().toString();
    }
}

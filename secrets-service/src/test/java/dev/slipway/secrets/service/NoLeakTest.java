package dev.slipway.secrets.service;

import static dev.slipway.secrets.service.ServiceFixtures.KAFKA;
import static dev.slipway.secrets.service.ServiceFixtures.SRE;
import static dev.slipway.secrets.service.ServiceFixtures.awaitSynced;
import static dev.slipway.secrets.service.ServiceFixtures.decoded;
import static dev.slipway.secrets.service.ServiceFixtures.newApp;
import static dev.slipway.secrets.service.ServiceFixtures.publishChart;
import static dev.slipway.secrets.service.ServiceFixtures.secret;
import static dev.slipway.secrets.service.ServiceFixtures.stagingNamespace;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.slipway.contracts.SecretValue;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.SecretsSynced.KeyVersion;
import dev.slipway.secrets.crypto.SealingKey;
import dev.slipway.testkit.kafka.Kafka;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.kafka.ReceivedEvent;
import dev.slipway.testkit.kubernetes.KubernetesTestResource;
import dev.slipway.testkit.postgres.PostgresTestResource;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Topics.SECRETS_SYNCED + "," + Topics.STAGE_FAILED),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.CHART_PUBLISHED + "," + Topics.SECRETS_SYNCED
                + "," + Topics.STAGE_FAILED)})
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = PostgresTestResource.DATABASE, value = "secrets"))
@WithTestResource(KubernetesTestResource.class)
class NoLeakTest {

    @Inject
    DataSource dataSource;

    @Test
    void aCanaryValueIsFoundOnlyInTheSecretData() throws Exception {
        // Given an application with a set, a sealed and a generated value
        String app = newApp();
        String canary = "canary-" + UUID.randomUUID();
        String sealedCanary = "sealed-canary-" + UUID.randomUUID();
        publishChart(app, "run-" + app);
        awaitSynced(app, "staging", s -> true, "any keys");
        List<String> responses = new ArrayList<>();
        responses.add(given().auth().oauth2(SRE).contentType(ContentType.JSON).body("{\"value\":\"" + canary + "\"}")
                .put("/api/apps/{app}/environments/staging/secrets/DB_PASSWORD", app)
                .then().statusCode(200).extract().asString());
        String pem = given().get("/api/sealing-key").then().extract().asString();
        String sealed = SealingKey.seal(SealingKey.readPublicPem(pem), app, "staging", "API_TOKEN",
                SecretValue.of(sealedCanary), new SecureRandom());
        responses.add(given().auth().oauth2(SRE).contentType(ContentType.JSON)
                .body("{\"sealed\":\"" + sealed + "\"}")
                .post("/api/apps/{app}/environments/staging/secrets/API_TOKEN/sealed", app)
                .then().statusCode(200).extract().asString());
        responses.add(given().auth().oauth2(SRE).contentType(ContentType.JSON).body("{\"length\":40}")
                .post("/api/apps/{app}/environments/staging/secrets/SESSION_KEY/generate", app)
                .then().statusCode(200).extract().asString());
        responses.add(given().auth().oauth2(SRE).post(
                "/api/apps/{app}/environments/staging/secrets/SESSION_KEY/rotate", app)
                .then().statusCode(200).extract().asString());
        responses.add(given().auth().oauth2(SRE).get("/api/apps/{app}/environments/staging/secrets", app)
                .then().statusCode(200).extract().asString());
        responses.add(given().auth().oauth2(SRE).get("/api/apps/{app}/audit", app)
                .then().statusCode(200).extract().asString());
        awaitSynced(app, "staging", s -> s.keys().contains(new KeyVersion("SESSION_KEY", 2)), "SESSION_KEY v2");

        // The Secret's data holds them: the positive control for every search below
        Secret secret = secret(stagingNamespace(app), app);
        assertThat(decoded(secret, "DB_PASSWORD")).isEqualTo(canary);
        assertThat(decoded(secret, "API_TOKEN")).isEqualTo(sealedCanary);
        String generated = decoded(secret, "SESSION_KEY");
        assertThat(generated).hasSize(40);
        List<String> forms = forms(canary, sealedCanary, generated);

        // Not in any API response
        assertThat(String.join("\n", responses)).contains(app).satisfies(text -> assertNoneOf(forms, text));

        // Not in the Secret's labels or annotations
        assertNoneOf(forms, String.valueOf(secret.getMetadata().getLabels()));
        assertNoneOf(forms, String.valueOf(secret.getMetadata().getAnnotations()));

        // Not in any event, on any topic, headers included
        Set<String> topics = Kafka.shared().admin().listTopics().names().get();
        assertThat(topics).contains(Topics.SECRETS_SYNCED);
        StringBuilder events = new StringBuilder();
        for (String topic : topics) {
            if (topic.startsWith("__")) {
                continue;
            }
            for (ReceivedEvent event : KAFKA.readFor(topic, Duration.ofMillis(700))) {
                events.append(event.headers()).append(' ').append(event.payloadText()).append('\n');
            }
        }
        assertThat(events.toString()).contains(app).satisfies(text -> assertNoneOf(forms, text));

        // Not in any row of the secrets schema
        StringBuilder rows = new StringBuilder();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet names = statement.executeQuery(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'secrets'")) {
                while (names.next()) {
                    tables.add(names.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet all = statement.executeQuery("SELECT t::text FROM secrets.\"" + table + "\" t")) {
                    while (all.next()) {
                        rows.append(all.getString(1)).append('\n');
                    }
                }
            }
        }
        assertThat(rows.toString()).contains(app).satisfies(text -> assertNoneOf(forms, text));

        // Not in the captured log
        String log = Files.readString(Path.of("target/secrets-service-test.log"), StandardCharsets.UTF_8);
        assertThat(log).contains(app).satisfies(text -> assertNoneOf(forms, text));
    }

    /** Each value as text, base64 and hex. */
    private static List<String> forms(String... values) {
        List<String> forms = new ArrayList<>();
        for (String value : values) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            forms.add(value);
            forms.add(Base64.getEncoder().encodeToString(bytes));
            forms.add(HexFormat.of().formatHex(bytes));
        }
        return forms;
    }

    private static void assertNoneOf(List<String> forms, String text) {
        for (String form : forms) {
            assertThat(text).doesNotContain(form);
        }
    }
}

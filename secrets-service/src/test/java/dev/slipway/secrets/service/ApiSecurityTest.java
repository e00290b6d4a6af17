package dev.slipway.secrets.service;

import static dev.slipway.secrets.service.ServiceFixtures.ADMIN;
import static dev.slipway.secrets.service.ServiceFixtures.SRE;
import static dev.slipway.secrets.service.ServiceFixtures.VIEWER;
import static dev.slipway.secrets.service.ServiceFixtures.newApp;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.slipway.contracts.Topics;
import dev.slipway.secrets.crypto.SealingKey;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.kubernetes.KubernetesTestResource;
import dev.slipway.testkit.postgres.PostgresTestResource;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Topics.SECRETS_SYNCED + "," + Topics.STAGE_FAILED),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.CHART_PUBLISHED + "," + Topics.SECRETS_SYNCED
                + "," + Topics.STAGE_FAILED)})
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = PostgresTestResource.DATABASE, value = "secrets"))
@WithTestResource(KubernetesTestResource.class)
class ApiSecurityTest {

    @Test
    void refusesRequestsWithoutATokenOrWithAnUnknownOne() {
        String app = newApp();
        given().get("/api/apps/{app}/environments/staging/secrets", app)
                .then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
        given().auth().oauth2("not-a-token").get("/api/apps/{app}/environments/staging/secrets", app)
                .then().statusCode(401);
        given().contentType(ContentType.JSON).body("{\"value\":\"anonymous\"}")
                .put("/api/apps/{app}/environments/staging/secrets/K", app).then().statusCode(401);

        given().auth().oauth2(SRE).get("/api/apps/{app}/environments/staging/secrets", app)
                .then().statusCode(200).body("keys.size()", equalTo(0));
    }

    @Test
    void refusesCallersWithoutTheSreOrAdminRole() {
        String app = newApp();
        given().auth().oauth2(VIEWER).get("/api/apps/{app}/environments/staging/secrets", app)
                .then().statusCode(403);
        given().auth().oauth2(VIEWER).contentType(ContentType.JSON).body("{\"value\":\"v\"}")
                .put("/api/apps/{app}/environments/staging/secrets/K", app).then().statusCode(403);
        given().auth().oauth2(SRE).post("/api/admin/reconcile").then().statusCode(403);
        given().auth().oauth2(ADMIN).get("/api/apps/{app}/environments/staging/secrets", app)
                .then().statusCode(200);
    }

    @Test
    void exposesHealthAndMetricsWithoutAToken() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    }

    @Test
    void servesThePublicSealingKeyToAnyoneAsPem() {
        String pem = given().get("/api/sealing-key").then().statusCode(200)
                .header(dev.slipway.secrets.api.SealingKeyResource.KEY_ID_HEADER,
                        org.hamcrest.Matchers.matchesPattern("[0-9a-f]{16}"))
                .extract().asString();

        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----").doesNotContain("PRIVATE");
        assertThat(((java.security.interfaces.RSAPublicKey) SealingKey.readPublicPem(pem)).getModulus().bitLength())
                .isEqualTo(4096);
    }

    @Test
    void refusesBadNamesAndBadBodiesWithoutEchoingTheValue() {
        String app = newApp();
        given().auth().oauth2(SRE).contentType(ContentType.JSON).body("{\"value\":\"v\"}")
                .put("/api/apps/{app}/environments/staging/secrets/{key}", "Not_A_Label", "K")
                .then().statusCode(400).body("error", containsString("DNS-1123"));
        given().auth().oauth2(SRE).contentType(ContentType.JSON).body("{\"value\": broken-json-echo-canary")
                .put("/api/apps/{app}/environments/staging/secrets/K", app)
                .then().statusCode(400).body(not(containsString("echo-canary")));
        given().auth().oauth2(SRE).contentType(ContentType.JSON).body("{\"value\": 12345}")
                .put("/api/apps/{app}/environments/staging/secrets/K", app)
                .then().statusCode(400).body(not(containsString("12345")));
        given().auth().oauth2(SRE).contentType(ContentType.JSON).body("{}")
                .put("/api/apps/{app}/environments/staging/secrets/K", app)
                .then().statusCode(400).body("error", containsString("{\"value\""));
        given().auth().oauth2(SRE).contentType(ContentType.JSON).body("{\"length\":4}")
                .post("/api/apps/{app}/environments/staging/secrets/K/generate", app)
                .then().statusCode(400).body("error", containsString("between 8"));
    }

    @Test
    void rotatingAValueThatWasSetIsAConflictAndAMissingOneIsNotFound() {
        String app = newApp();
        given().auth().oauth2(SRE).contentType(ContentType.JSON).body("{\"value\":\"chosen\"}")
                .put("/api/apps/{app}/environments/staging/secrets/K", app).then().statusCode(200);

        given().auth().oauth2(SRE).post("/api/apps/{app}/environments/staging/secrets/K/rotate", app)
                .then().statusCode(409).body("error", containsString("not generated"));
        given().auth().oauth2(SRE).post("/api/apps/{app}/environments/staging/secrets/NOPE/rotate", app)
                .then().statusCode(404);
        given().auth().oauth2(SRE).delete("/api/apps/{app}/environments/staging/secrets/NOPE", app)
                .then().statusCode(404);
    }
}

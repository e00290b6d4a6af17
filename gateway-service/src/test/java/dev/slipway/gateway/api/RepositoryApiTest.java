package dev.slipway.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.slipway.gateway.support.Gateway;
import dev.slipway.gateway.webhook.Provider;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.postgres.PostgresTestResource;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Gateway.OUTGOING),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Gateway.TOPICS)})
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = PostgresTestResource.DATABASE, value = "gateway"))
class RepositoryApiTest {

    private static final String SECRET = "correct-horse-battery-staple";

    @Inject
    DataSource dataSource;

    @Test
    void registersARepositoryWithoutEverReturningItsSecret() {
        String fullName = Gateway.uniqueName("reg");
        String app = fullName.substring(5);

        String created = Gateway.as(Gateway.ADMIN)
                .body(Map.of("provider", "github", "fullName", fullName, "cloneUrl",
                        "https://github.test/" + fullName + ".git", "webhookSecret", SECRET))
                .post("/api/repositories")
                .then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/repositories/" + app))
                .body("app", is(app), "provider", is("github"), "branches", is(List.of("main")),
                        "webhookPath", is("/webhooks/github"))
                .extract().asString();
        String listed = Gateway.as(Gateway.VIEWER).get("/api/repositories").then().statusCode(200)
                .body("app", hasItem(app)).extract().asString();
        String one = Gateway.as(Gateway.VIEWER).get("/api/repositories/" + app).then().statusCode(200).extract()
                .asString();

        assertThat(List.of(created, listed, one)).allSatisfy(body -> assertThat(body).doesNotContain(SECRET)
                .doesNotContainIgnoringCase("secret\""));
    }

    @Test
    void keepsTheSecretOnlyAsCiphertext() throws Exception {
        String fullName = Gateway.uniqueName("sealed");
        Gateway.register(Provider.GITEA, fullName, SECRET, List.of("main"));

        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT secret_ciphertext FROM gateway.repositories WHERE full_name = ?")) {
            select.setString(1, fullName);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                byte[] stored = rows.getBytes(1);
                assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("horse");
                assertThat(stored.length).isGreaterThan(SECRET.length());
            }
        }
    }

    @Test
    void refusesRegistrationWithoutTheAdminRole() {
        Map<String, String> body = Map.of("provider", "github", "fullName", Gateway.uniqueName("x"), "cloneUrl",
                "https://github.test/x.git", "webhookSecret", SECRET);

        given().contentType(ContentType.JSON).body(body).post("/api/repositories").then().statusCode(401);
        Gateway.as("no-such-token").body(body).post("/api/repositories").then().statusCode(401);
        Gateway.as(Gateway.VIEWER).body(body).post("/api/repositories").then().statusCode(403);
        Gateway.as(Gateway.SRE).body(body).post("/api/repositories").then().statusCode(403);
        given().get("/api/repositories").then().statusCode(401);
    }

    @Test
    void reportsEveryMistakeOfAnInvalidRegistration() {
        Gateway.as(Gateway.ADMIN).body(Map.of("provider", "svn", "fullName", "nope")).post("/api/repositories")
                .then().statusCode(400)
                .body("error", is("invalid registration"),
                        "details", hasItem("provider: must be one of github, gitlab, gitea"),
                        "details", hasItem("webhookSecret: is required"));
    }

    @Test
    void refusesASecondRegistrationOfTheSameRepository() {
        String fullName = Gateway.uniqueName("twice");
        Gateway.register(Provider.GITLAB, fullName, SECRET, List.of("main"));

        Gateway.as(Gateway.ADMIN).body(Map.of("app", "other-" + fullName.substring(5), "provider", "gitlab",
                "fullName", fullName, "cloneUrl", "https://gitlab.test/x.git", "webhookSecret", SECRET))
                .post("/api/repositories").then().statusCode(409);
    }

    @Test
    void removesARegistration() {
        String fullName = Gateway.uniqueName("gone");
        String app = Gateway.register(Provider.GITHUB, fullName, SECRET, List.of("main"));

        Gateway.as(Gateway.ADMIN).delete("/api/repositories/" + app).then().statusCode(204);

        Gateway.as(Gateway.VIEWER).get("/api/repositories/" + app).then().statusCode(404);
        Gateway.push(Provider.GITHUB, fullName, SECRET, "main", dev.slipway.gateway.webhook.Payloads.AFTER).then()
                .statusCode(404);
    }
}

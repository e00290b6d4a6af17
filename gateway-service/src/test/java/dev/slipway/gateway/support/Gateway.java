package dev.slipway.gateway.support;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.slipway.gateway.webhook.Payloads;
import dev.slipway.gateway.webhook.Provider;
import dev.slipway.testkit.kafka.CloudEventsClient;

/** Drives the gateway over HTTP the way providers and SREs do. */
public final class Gateway {

    /**
     * Every topic the gateway reads or writes, created before the application starts. Every {@code @QuarkusTest} of
     * this module names the same test resources, so the application starts once.
     */
    public static final String TOPICS = "commit-pushed,image-built,chart-published,deploy-progressed,deployed,"
            + "backup-requested,backup-done,secrets-synced,approval-given,stage-failed,commit-pushed.dlq,"
            + "image-built.dlq,chart-published.dlq,deploy-progressed.dlq,deployed.dlq,backup-requested.dlq,"
            + "backup-done.dlq,secrets-synced.dlq,approval-given.dlq,stage-failed.dlq";
    public static final String OUTGOING = "outbox";

    /** Tokens whose hashes {@code application.properties} configures for the test profile. */
    public static final String VIEWER = "viewer-token";
    public static final String SRE = "sre-token";
    public static final String ADMIN = "admin-token";

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** A repository of its own for a test, registered as admin; returns its app name. */
    public static String register(Provider provider, String fullName, String secret, List<String> branches) {
        String app = fullName.substring(fullName.indexOf('/') + 1);
        Map<String, Object> body = new HashMap<>();
        body.put("app", app);
        body.put("provider", provider.id());
        body.put("fullName", fullName);
        body.put("cloneUrl", "https://git.example.test/" + fullName + ".git");
        body.put("branches", branches);
        body.put("webhookSecret", secret);
        as(ADMIN).body(body).post("/api/repositories").then().statusCode(201);
        return app;
    }

    /** A fresh full name, {@code team/<prefix>-<random>}, so tests never share a repository. */
    public static String uniqueName(String prefix) {
        return "team/" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Posts a push signed with {@code secret}, with a fresh delivery id. */
    public static Response push(Provider provider, String fullName, String secret, String branch, String sha) {
        byte[] body = Payloads.json(Payloads.push(provider, fullName, branch, sha));
        return post(provider, body, signedHeaders(provider, secret, body, UUID.randomUUID().toString()));
    }

    public static Map<String, String> signedHeaders(Provider provider, String secret, byte[] body,
            String deliveryId) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(provider.eventHeader(), Payloads.pushEvent(provider));
        headers.put(provider.deliveryHeader(), deliveryId);
        headers.put(provider.signatureHeader(), Payloads.sign(provider, secret, body));
        return headers;
    }

    public static Response post(Provider provider, byte[] body, Map<String, String> headers) {
        // Sent as raw bytes whatever the declared type, as a provider (or an attacker) would.
        RequestSpecification request = given().config(RestAssuredConfig.config().encoderConfig(EncoderConfig
                .encoderConfig().encodeContentTypeAs("application/x-www-form-urlencoded", ContentType.BINARY)
                .encodeContentTypeAs("text/plain", ContentType.BINARY))).body(body);
        headers.forEach(request::header);
        if (!headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
            // RestAssured would add its own content type; this delivery has none.
            request.noContentType();
        }
        return request.post("/webhooks/" + provider.id());
    }

    public static CloudEventsClient kafka() {
        return new CloudEventsClient(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private Gateway() {
    }
}

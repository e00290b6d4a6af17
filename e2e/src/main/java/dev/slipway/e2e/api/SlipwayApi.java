package dev.slipway.e2e.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.slipway.contracts.Json;
import dev.slipway.e2e.sample.SampleApp;

/**
 * What a git provider and an SRE do to Slipway, over HTTP: register a repository and read runs through the gateway's
 * API, send a signed push webhook as GitHub would, replay a stage, set a secret through secrets-service's API.
 */
public final class SlipwayApi {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String gateway;
    private final String secrets;
    private final String token;

    /**
     * @param gateway the gateway's base URL
     * @param secrets secrets-service's base URL
     * @param token a token with the roles admin and sre on both
     */
    public SlipwayApi(String gateway, String secrets, String token) {
        this.gateway = gateway;
        this.secrets = secrets;
        this.token = token;
    }

    /** An answer: status code and JSON body (or a text node when the body is not JSON). */
    public record Answer(int status, JsonNode body) {

        public Answer expect(int... statuses) {
            for (int expected : statuses) {
                if (status == expected) {
                    return this;
                }
            }
            throw new IllegalStateException("Expected HTTP " + java.util.Arrays.toString(statuses) + " but got "
                    + status + ": " + body);
        }
    }

    /** Registers the sample's repository with the GitHub provider. */
    public Answer registerRepository(SampleApp sample, String webhookSecret) {
        return send(repositoryRegistration(gateway, token, sample.app(), sample.fullName(), sample.cloneUrl(),
                SampleApp.BRANCH, webhookSecret));
    }

    /**
     * The gateway's request that registers the repository {@code fullName} of {@code app} with the GitHub provider,
     * made with the admin {@code token}; it answers 201.
     */
    public static HttpRequest.Builder repositoryRegistration(String gatewayUrl, String token, String app,
            String fullName, String cloneUrl, String branch, String webhookSecret) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("app", app);
        body.put("provider", "github");
        body.put("fullName", fullName);
        body.put("cloneUrl", cloneUrl);
        body.put("defaultBranch", branch);
        body.put("webhookSecret", webhookSecret);
        return HttpRequest.newBuilder(URI.create(gatewayUrl + "/api/repositories"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(json(body));
    }

    /** One pushed commit of a repository, as a git provider's push webhook describes it. */
    public record PushedCommit(String fullName, String cloneUrl, String branch, String before, String sha,
            String message, Instant time, String author) {
    }

    /**
     * Sends GitHub's push webhook for {@code commit}, signed with {@code webhookSecret}
     * ({@code X-Hub-Signature-256}).
     */
    public Answer push(SampleApp sample, SampleApp.Commit commit, String webhookSecret) {
        return send(githubPush(gateway, pushed(sample, commit), webhookSecret));
    }

    /** The sample's {@code commit} as its push webhook describes it. */
    public static PushedCommit pushed(SampleApp sample, SampleApp.Commit commit) {
        return new PushedCommit(sample.fullName(), sample.cloneUrl(), SampleApp.BRANCH, commit.before(),
                commit.sha(), commit.message(), commit.time(), commit.author());
    }

    /**
     * GitHub's push webhook for {@code commit} to {@code gatewayUrl}, signed with {@code webhookSecret}
     * ({@code X-Hub-Signature-256}), with a delivery id of its own.
     */
    public static HttpRequest.Builder githubPush(String gatewayUrl, PushedCommit commit, String webhookSecret) {
        ObjectNode payload = Json.MAPPER.createObjectNode();
        payload.put("ref", "refs/heads/" + commit.branch());
        payload.put("before", commit.before());
        payload.put("after", commit.sha());
        ObjectNode repository = payload.putObject("repository");
        repository.put("full_name", commit.fullName());
        repository.put("clone_url", commit.cloneUrl());
        repository.put("default_branch", commit.branch());
        payload.putObject("pusher").put("name", commit.author());
        ObjectNode head = payload.putObject("head_commit");
        head.put("id", commit.sha());
        head.put("message", commit.message());
        head.put("timestamp", commit.time().toString());
        head.putObject("author").put("name", commit.author());
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return HttpRequest.newBuilder(URI.create(gatewayUrl + "/webhooks/github"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", "sha256=" + hmacSha256Hex(webhookSecret, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** The run's timeline: {@code {"run": {...stages, events}, "replays": [...]}}. */
    public Answer run(String runId) {
        return send(HttpRequest.newBuilder(URI.create(gateway + "/api/runs/" + runId))
                .header("Authorization", "Bearer " + token).GET());
    }

    /** Replays the stage of the run from its stored input. */
    public Answer replay(String runId, String stage, String reason) {
        return send(HttpRequest.newBuilder(URI.create(gateway + "/api/runs/" + runId + "/stages/" + stage + "/replay"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(json(Map.of("reason", reason))));
    }

    /** Sets a secret of the application in one environment through secrets-service's API. */
    public Answer setSecret(String app, String environment, String key, String value) {
        return send(HttpRequest.newBuilder(URI.create(secrets + "/api/apps/" + app + "/environments/" + environment
                + "/secrets/" + key)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").PUT(json(Map.of("value", value))));
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = response.body().isBlank() ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(response.body());
            } catch (JsonProcessingException e) {
                body = Json.MAPPER.getNodeFactory().textNode(response.body());
            }
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hex HMAC-SHA256 of {@code body} under {@code secret}, GitHub's webhook signature. */
    public static String hmacSha256Hex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

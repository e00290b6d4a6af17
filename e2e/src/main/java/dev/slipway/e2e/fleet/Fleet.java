package dev.slipway.e2e.fleet;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.contracts.Json;
import dev.slipway.e2e.api.SlipwayApi;

/**
 * {@code N} {@link FleetApp}s: a git repository each, each registered with the gateway under one webhook secret, and
 * a signed GitHub push webhook per app.
 */
public final class Fleet {

    private final List<FleetApp> apps;
    private final String gateway;
    private final String token;
    private final String webhookSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A pushed commit and what the gateway answered. */
    public record Push(FleetApp app, SlipwayApi.PushedCommit commit, String runId, Instant accepted) {
    }

    private Fleet(List<FleetApp> apps, String gateway, String token, String webhookSecret) {
        this.apps = apps;
        this.gateway = gateway;
        this.token = token;
        this.webhookSecret = webhookSecret;
    }

    /**
     * Creates {@code size} repositories under {@code dir} (apps {@code prefix-0} …) and registers each with the
     * gateway at {@code gateway} with the admin {@code token}.
     */
    public static Fleet create(int size, String prefix, Path dir, String gateway, String token,
            String webhookSecret) {
        List<FleetApp> apps = new ArrayList<>();
        Fleet fleet = new Fleet(apps, gateway, token, webhookSecret);
        for (int i = 0; i < size; i++) {
            FleetApp app = new FleetApp(prefix + "-" + i, dir.resolve(prefix + "-" + i + ".git"));
            app.create();
            fleet.register(app);
            apps.add(app);
        }
        return fleet;
    }

    public List<FleetApp> apps() {
        return List.copyOf(apps);
    }

    /** Commits a new version of {@code app} and sends its push webhook; the gateway must accept it (202). */
    public Push release(FleetApp app) {
        SlipwayApi.PushedCommit commit = app.release();
        return push(app, commit);
    }

    /** Sends the signed push webhook of {@code commit}. */
    public Push push(FleetApp app, SlipwayApi.PushedCommit commit) {
        JsonNode answer = send(SlipwayApi.githubPush(gateway, commit, webhookSecret), 202);
        Instant accepted = Instant.now();
        String runId = answer.path("runId").asText(null);
        if (runId == null) {
            throw new IllegalStateException("The push of " + app.app() + " was not accepted: " + answer);
        }
        return new Push(app, commit, runId, accepted);
    }

    private void register(FleetApp app) {
        send(SlipwayApi.repositoryRegistration(gateway, token, app.app(), app.fullName(), app.cloneUrl(),
                FleetApp.BRANCH, webhookSecret), 201);
    }

    private JsonNode send(HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException("Expected HTTP " + expected + " but got " + response.statusCode()
                        + ": " + response.body());
            }
            return response.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot reach the gateway at " + gateway, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

}

package dev.slipway.chart.registry;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.contracts.Json;

/**
 * What an OCI registry holds, through the distribution HTTP API ({@code /v2/<name>/tags/list},
 * {@code HEAD /v2/<name>/manifests/<tag>}). Helm has no command to ask whether a chart version exists without
 * downloading it, and a second push would stamp a new time and change the digest, so the stage asks the registry.
 */
public final class ChartRegistry {

    /** Media types of a Helm chart manifest (OCI) and, for older registries, the OCI index. */
    static final String ACCEPT = "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json";

    private final String address;
    private final boolean plainHttp;
    private final Duration timeout;
    private final HttpClient client;

    /**
     * @param address {@code host:port} of the registry
     * @param plainHttp http instead of https
     * @param timeout time limit of each request
     */
    public ChartRegistry(String address, boolean plainHttp, Duration timeout) {
        this.address = address;
        this.plainHttp = plainHttp;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** {@code host:port} of the registry. */
    public String address() {
        return address;
    }

    /**
     * Whether the registry answers its API root ({@code /v2/}): 200, or 401 when it wants credentials first.
     *
     * @throws RegistryException when it does not answer or answers anything else
     */
    public void ping() throws RegistryException {
        HttpResponse<Void> response = send(HttpRequest.newBuilder(uri("/v2/")).GET(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200 && response.statusCode() != 401) {
            throw new RegistryException("registry " + address + " answered " + response.statusCode() + " at /v2/",
                    null);
        }
    }

    /** The tags of repository {@code name} ({@code charts/hello}); empty when the repository does not exist. */
    public List<String> tags(String name) throws RegistryException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v2/" + name + "/tags/list"))
                .header("Accept", "application/json").GET(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return List.of();
        }
        if (response.statusCode() != 200) {
            throw new RegistryException("registry " + address + " answered " + response.statusCode()
                    + " listing the tags of " + name, null);
        }
        try {
            JsonNode tags = Json.MAPPER.readTree(response.body()).path("tags");
            if (!tags.isArray()) {
                return List.of();
            }
            return java.util.stream.StreamSupport.stream(tags.spliterator(), false).map(JsonNode::asText).toList();
        } catch (IOException e) {
            throw new RegistryException("registry " + address + " sent an unreadable tag list for " + name, e);
        }
    }

    /** The manifest digest of {@code name:tag}, or empty when the registry has no such tag. */
    public Optional<String> digest(String name, String tag) throws RegistryException {
        if (!tags(name).contains(tag)) {
            return Optional.empty();
        }
        HttpResponse<Void> response = send(HttpRequest.newBuilder(uri("/v2/" + name + "/manifests/" + tag))
                .header("Accept", ACCEPT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new RegistryException("registry " + address + " answered " + response.statusCode()
                    + " for the manifest of " + name + ":" + tag, null);
        }
        return Optional.of(response.headers().firstValue("Docker-Content-Digest").orElseThrow(
                () -> new RegistryException("registry " + address + " sent no Docker-Content-Digest for " + name
                        + ":" + tag, null)));
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body)
            throws RegistryException {
        try {
            return client.send(request.timeout(timeout).build(), body);
        } catch (ConnectException e) {
            throw new RegistryException("registry " + address + " refused the connection", e);
        } catch (HttpTimeoutException e) {
            throw new RegistryException("registry " + address + " did not answer within " + timeout.toMillis()
                    + " ms", e);
        } catch (IOException e) {
            throw new RegistryException("registry " + address + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted talking to registry " + address, e);
        }
    }

    private URI uri(String path) {
        return URI.create((plainHttp ? "http://" : "https://") + address + path);
    }
}

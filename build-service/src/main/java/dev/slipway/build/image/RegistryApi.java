package dev.slipway.build.image;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Json;
import dev.slipway.runtime.StageException;

/**
 * The few calls of the OCI distribution API that Jib does not offer: look an image up by tag, read its manifest and
 * configuration, and add a tag to a manifest already pushed. Speaks to any registry: anonymous or basic login, with
 * the bearer-token exchange most registries ask for.
 */
public final class RegistryApi {

    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /**
     * @param registry the host (and port) of Slipway's own registry, the only one given {@code credentials}
     * @param credentials the login for that registry
     * @param insecure whether a registry may be spoken to over plain HTTP when HTTPS fails
     * @param timeout the time limit of one request
     */
    public record Settings(String registry, Optional<RegistryCredentials> credentials, boolean insecure,
            Duration timeout) {
    }

    private final Settings settings;
    private final HttpClient http;
    private final Map<String, String> schemes = new ConcurrentHashMap<>();

    public RegistryApi(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The digest {@code reference} (a tag or digest) of {@code repository} points to, or empty when unknown. */
    public Optional<String> digest(String registry, String repository, String reference)
            throws IOException, StageException {
        HttpResponse<byte[]> response = send(registry, repository, "HEAD",
                "/v2/" + repository + "/manifests/" + reference, Manifest.ACCEPT, null, null);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expectOk(response, "look up " + repository + ":" + reference);
        Optional<String> digest = response.headers().firstValue("Docker-Content-Digest");
        if (digest.isPresent()) {
            return digest;
        }
        return manifest(registry, repository, reference).map(Manifest::digest);
    }

    /** The manifest {@code reference} of {@code repository} points to, or empty when unknown. */
    public Optional<Manifest> manifest(String registry, String repository, String reference)
            throws IOException, StageException {
        HttpResponse<byte[]> response = send(registry, repository, "GET",
                "/v2/" + repository + "/manifests/" + reference, Manifest.ACCEPT, null, null);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expectOk(response, "read the manifest of " + repository + ":" + reference);
        byte[] body = response.body();
        String digest = response.headers().firstValue("Docker-Content-Digest").orElseGet(() -> sha256(body));
        String mediaType = response.headers().firstValue("Content-Type").map(t -> t.split(";")[0].strip())
                .orElse(Manifest.OCI_MANIFEST);
        return Optional.of(new Manifest(digest, mediaType, body));
    }

    /** The image configuration of {@code manifest}, a JSON document. */
    public JsonNode config(String registry, String repository, Manifest manifest) throws IOException, StageException {
        return Json.MAPPER.readTree(blob(registry, repository, manifest.configDigest()));
    }

    public byte[] blob(String registry, String repository, String digest) throws IOException, StageException {
        HttpResponse<byte[]> response = send(registry, repository, "GET", "/v2/" + repository + "/blobs/" + digest,
                null, null, null);
        expectOk(response, "read blob " + digest + " of " + repository);
        return response.body();
    }

    /** Points {@code tag} of {@code repository} at {@code manifest}, which must be in the repository already. */
    public void tag(String registry, String repository, String tag, Manifest manifest)
            throws IOException, StageException {
        HttpResponse<byte[]> response = send(registry, repository, "PUT", "/v2/" + repository + "/manifests/" + tag,
                null, manifest.mediaType(), manifest.body());
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            expectOk(response, "tag " + repository + ":" + tag);
            throw StageException.of(FailureReason.INTERNAL, "registry " + registry + " answered "
                    + response.statusCode() + " to tagging " + repository + ":" + tag);
        }
    }

    private HttpResponse<byte[]> send(String registry, String repository, String method, String path, String accept,
            String contentType, byte[] body) throws IOException, StageException {
        HttpResponse<byte[]> response = exchange(registry, method, path, accept, contentType, body,
                basic(registry));
        if (response.statusCode() == 401) {
            Optional<String> authorization = authorize(registry, repository, response);
            if (authorization.isPresent()) {
                response = exchange(registry, method, path, accept, contentType, body, authorization.get());
            }
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw StageException.of(FailureReason.UNAVAILABLE, "registry " + registry + " refused "
                        + (settings.credentials().isPresent() && registry.equals(settings.registry())
                                ? "Slipway's credentials"
                                : "anonymous access")
                        + " for " + repository);
            }
        }
        return response;
    }

    private HttpResponse<byte[]> exchange(String registry, String method, String path, String accept,
            String contentType, byte[] body, String authorization) throws IOException {
        String scheme = schemes.getOrDefault(registry, "https");
        try {
            return exchange(scheme, registry, method, path, accept, contentType, body, authorization);
        } catch (SSLException e) {
            if (!settings.insecure() || !scheme.equals("https")) {
                throw e;
            }
            // An insecure registry speaks plain HTTP; remember it, as Jib does.
            schemes.put(registry, "http");
            return exchange("http", registry, method, path, accept, contentType, body, authorization);
        }
    }

    private HttpResponse<byte[]> exchange(String scheme, String registry, String method, String path,
            String accept, String contentType, byte[] body, String authorization) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scheme + "://" + registry + path))
                .timeout(settings.timeout())
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling registry " + registry, e);
        }
    }

    /** Answers a 401 challenge: basic login, or a bearer token from the registry's token service. */
    private Optional<String> authorize(String registry, String repository, HttpResponse<byte[]> challenged)
            throws IOException {
        String challenge = challenged.headers().firstValue("WWW-Authenticate").orElse("");
        if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
            return Optional.ofNullable(basic(registry));
        }
        if (!challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1), m.group(2));
        }
        String realm = params.get("realm");
        if (realm == null) {
            return Optional.empty();
        }
        StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? "&" : "?");
        url.append("service=").append(encode(params.getOrDefault("service", registry)));
        url.append("&scope=").append(encode(params.getOrDefault("scope",
                "repository:" + repository + ":pull")));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.toString())).timeout(settings.timeout());
        String basic = basic(registry);
        if (basic != null) {
            request.header("Authorization", basic);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking for a registry token", e);
        }
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        JsonNode json = Json.MAPPER.readTree(response.body());
        String token = json.path("token").asText(json.path("access_token").asText(""));
        return token.isEmpty() ? Optional.empty() : Optional.of("Bearer " + token);
    }

    private String basic(String registry) {
        return settings.credentials().isPresent() && registry.equals(settings.registry())
                ? settings.credentials().get().basic()
                : null;
    }

    private static void expectOk(HttpResponse<byte[]> response, String action) throws IOException, StageException {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        if (status >= 500 || status == 429) {
            throw new IOException("registry answered " + status + " when trying to " + action);
        }
        throw StageException.of(FailureReason.INTERNAL, "registry answered " + status + " when trying to " + action);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String sha256(byte[] body) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

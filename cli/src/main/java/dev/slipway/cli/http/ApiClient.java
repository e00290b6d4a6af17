package dev.slipway.cli.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCode;
import dev.slipway.cli.config.Endpoint;
import dev.slipway.contracts.Json;

/**
 * Talks JSON to one Slipway server with a bearer token. Every failure becomes a {@link CliException} with a message
 * for people and the {@link ExitCode} for scripts; the token is never part of a message.
 */
public final class ApiClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final Endpoint endpoint;
    private final HttpClient http;
    private final Duration requestTimeout;

    public ApiClient(Endpoint endpoint, Duration requestTimeout) {
        this(endpoint, HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).build(), requestTimeout);
    }

    ApiClient(Endpoint endpoint, HttpClient http, Duration requestTimeout) {
        if (endpoint.url() == null) {
            throw new CliException(ExitCode.USAGE, "no " + endpoint.name() + " URL: set " + endpoint.hint());
        }
        this.endpoint = endpoint;
        this.http = http;
        this.requestTimeout = requestTimeout;
    }

    /** A text answer and its headers. */
    public record Text(String body, HttpHeaders headers) {
    }

    public URI baseUrl() {
        return endpoint.url();
    }

    public JsonNode get(String path, Map<String, ?> query) {
        return json(send(request(path, query).GET()));
    }

    public JsonNode get(String path) {
        return get(path, Map.of());
    }

    public JsonNode post(String path, Object body) {
        return post(path, Map.of(), body);
    }

    public JsonNode post(String path, Map<String, ?> query, Object body) {
        return json(send(request(path, query).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : write(body)))));
    }

    public JsonNode put(String path, Object body) {
        return json(send(request(path, Map.of()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(body)))));
    }

    /** A text resource, such as the sealing key's PEM. */
    public Text getText(String path, String accept) {
        HttpResponse<String> response = send(request(path, Map.of()).header("Accept", accept).GET());
        return new Text(response.body(), response.headers());
    }

    /**
     * Opens a server-sent event stream: the lines, as they arrive, until the server or {@link Stream#close()} ends
     * it. No request timeout applies.
     */
    public Stream<String> openLines(String path, Map<String, ?> query) {
        HttpRequest request = authorize(HttpRequest.newBuilder(uri(path, query)))
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<Stream<String>> response = exchange(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() / 100 != 2) {
            String body;
            try (Stream<String> lines = response.body()) {
                body = String.join("\n", lines.limit(50).toList());
            }
            throw failure(response.statusCode(), body, request);
        }
        return response.body();
    }

    /** A path segment, percent-encoded. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path, Map<String, ?> query) {
        return authorize(HttpRequest.newBuilder(uri(path, query)).timeout(requestTimeout)
                .header("Accept", "application/json"));
    }

    private HttpRequest.Builder authorize(HttpRequest.Builder builder) {
        if (endpoint.token() != null) {
            builder.header("Authorization", "Bearer " + endpoint.token());
        }
        return builder.header("User-Agent", "slipway-cli");
    }

    URI uri(String path, Map<String, ?> query) {
        StringBuilder uri = new StringBuilder(endpoint.url().toString()).append(path);
        List<String> pairs = new ArrayList<>();
        new LinkedHashMap<>(query).forEach((key, value) -> {
            if (value != null && !value.toString().isBlank()) {
                pairs.add(URLEncoder.encode(key, StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
            }
        });
        if (!pairs.isEmpty()) {
            uri.append('?').append(String.join("&", pairs));
        }
        return URI.create(uri.toString());
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw failure(response.statusCode(), response.body(), request);
        }
        return response;
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("did not accept a connection within " + CONNECT_TIMEOUT.toSeconds() + "s", e);
        } catch (HttpTimeoutException e) {
            throw unreachable("did not answer within " + requestTimeout.toSeconds() + "s", e);
        } catch (ConnectException e) {
            throw unreachable(causedBy(e, UnresolvedAddressException.class)
                    ? "unknown host " + endpoint.url().getHost()
                    : "connection refused", e);
        } catch (IOException e) {
            throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.UNREACHABLE, "interrupted while talking to the " + endpoint.name());
        }
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private CliException unreachable(String why, Exception cause) {
        return new CliException(ExitCode.UNREACHABLE, "cannot reach the " + endpoint.name() + " at "
                + endpoint.url() + ": " + why, cause);
    }

    /** The error for a non-2xx answer, with the server's own explanation when it gave one. */
    CliException failure(int status, String body, HttpRequest request) {
        String explanation = explanation(body);
        String what = request.method() + " " + request.uri().getRawPath();
        String message = switch (status) {
            case 401 -> endpoint.token() == null
                    ? "the " + endpoint.name() + " needs a token (401): set " + endpoint.hint()
                    : "the " + endpoint.name() + " does not accept this token (401): check " + endpoint.hint();
            case 403 -> "this token's role may not do that (403): " + what
                    + (explanation == null ? "" : ": " + explanation);
            default -> explanation == null
                    ? "the " + endpoint.name() + " answered " + status + " to " + what
                    : explanation + " (" + status + ")";
        };
        return new CliException(ExitCode.forStatus(status), message);
    }

    /** {@code {"error": "...", "details": [...]}} as one line, or null when the body holds no explanation. */
    static String explanation(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node != null && node.path("error").isTextual()) {
                StringBuilder text = new StringBuilder(node.path("error").asText());
                if (node.path("details").isArray() && !node.path("details").isEmpty()) {
                    List<String> details = new ArrayList<>();
                    node.path("details").forEach(detail -> details.add(detail.asText()));
                    text.append(": ").append(String.join("; ", details));
                }
                return text.toString();
            }
        } catch (JsonProcessingException e) {
            // not JSON: below
        }
        return null;
    }

    private JsonNode json(HttpResponse<String> response) {
        String body = response.body();
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCode.SERVER_ERROR, "the " + endpoint.name() + " answered "
                    + response.request().uri().getRawPath() + " with something that is not JSON");
        }
    }

    private static String write(Object body) {
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the request body", e);
        }
    }
}

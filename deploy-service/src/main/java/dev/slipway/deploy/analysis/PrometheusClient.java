package dev.slipway.deploy.analysis;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Json;
import dev.slipway.runtime.StageException;

/** Instant queries against Prometheus' HTTP API ({@code /api/v1/query}). */
public final class PrometheusClient {

    private final String baseUrl;
    private final Duration timeout;
    private final HttpClient http;

    public PrometheusClient(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * The value of the query's first sample, or empty when the result is empty.
     *
     * @throws StageException UNAVAILABLE when Prometheus does not answer, INVALID_INPUT when it rejects the query
     */
    public OptionalDouble query(String promql) throws StageException {
        URI uri = URI.create(baseUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body;
        int status;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            body = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw StageException.of(FailureReason.UNAVAILABLE, "Prometheus at " + baseUrl + " did not answer: " + e,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StageException.of(FailureReason.UNAVAILABLE, "interrupted while querying Prometheus");
        }
        if (!"success".equals(body.path("status").asText())) {
            FailureReason reason = status == 400 || status == 422
                    ? FailureReason.INVALID_INPUT
                    : FailureReason.UNAVAILABLE;
            throw StageException.of(reason, "Prometheus rejected the query (" + status + "): "
                    + body.path("error").asText());
        }
        JsonNode data = body.path("data");
        return switch (data.path("resultType").asText()) {
            case "vector" -> data.path("result").isEmpty()
                    ? OptionalDouble.empty()
                    : OptionalDouble.of(parse(data.path("result").path(0).path("value").path(1).asText()));
            case "scalar" -> OptionalDouble.of(parse(data.path("result").path(1).asText()));
            default -> throw StageException.of(FailureReason.INVALID_INPUT, "the query must return a vector or a"
                    + " scalar, not a " + data.path("resultType").asText());
        };
    }

    private static double parse(String value) {
        return switch (value) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }
}

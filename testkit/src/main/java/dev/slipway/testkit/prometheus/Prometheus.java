package dev.slipway.testkit.prometheus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.contracts.Json;
import dev.slipway.testkit.support.FreePorts;
import dev.slipway.testkit.support.Programs;
import dev.slipway.testkit.support.ServerProcess;
import dev.slipway.testkit.support.SharedServers;
import dev.slipway.testkit.support.TempDirs;

/**
 * Debian's Prometheus on a random port of 127.0.0.1, scraping the given targets every second, with its TSDB in a
 * temporary directory. Each {@link #start(List)} starts a server of its own (about a second); {@link #close()} it or
 * let the JVM's exit stop it.
 */
public final class Prometheus implements AutoCloseable {

    public static final String PROGRAM = "prometheus";
    public static final String DEBIAN_PACKAGE = "prometheus";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final String address;
    private final ServerProcess process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Prometheus(String address, ServerProcess process) {
        this.address = address;
        this.process = process;
    }

    /** Starts Prometheus scraping {@code targets}; see {@link #start(List)}. */
    public static Prometheus start(String... targets) {
        return start(Arrays.asList(targets));
    }

    /**
     * Starts Prometheus scraping each target every second, with {@code honor_labels} so the target's own labels are
     * kept.
     *
     * @param targets {@code host:port} (scraped at {@code /metrics}) or a full URL such as
     *        {@code http://127.0.0.1:8081/q/metrics}
     * @throws dev.slipway.testkit.MissingProgramException when {@code prometheus} is not installed
     */
    public static Prometheus start(List<String> targets) {
        Path program = Programs.find(PROGRAM, DEBIAN_PACKAGE, List.of(Path.of("/usr/bin", PROGRAM)));
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Path dir = TempDirs.create("prometheus");
            String address = FreePorts.LOOPBACK + ":" + FreePorts.next();
            try {
                Path config = dir.resolve("prometheus.yml");
                Files.writeString(config, config(targets));
                ServerProcess process = ServerProcess.start("prometheus on " + address,
                        List.of(program.toString(), "--config.file=" + config,
                                "--storage.tsdb.path=" + dir.resolve("data"),
                                "--web.listen-address=" + address,
                                "--log.level=warn"),
                        dir.resolve("prometheus.log"), "rm -rf '" + dir + "'");
                Prometheus prometheus = new Prometheus(address, process);
                try {
                    process.awaitReady(STARTUP_TIMEOUT, prometheus::isReady);
                    SharedServers.stopOnExit("prometheus-" + address, prometheus);
                    return prometheus;
                } catch (IllegalStateException e) {
                    process.close();
                    failure = e;
                }
            } catch (IOException e) {
                TempDirs.delete(dir);
                throw new UncheckedIOException("Cannot configure prometheus", e);
            }
        }
        throw failure;
    }

    static String config(List<String> targets) {
        StringBuilder yaml = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                """);
        for (int i = 0; i < targets.size(); i++) {
            String target = targets.get(i);
            String scheme = "http";
            String hostPort = target;
            String path = "/metrics";
            if (target.contains("://")) {
                URI uri = URI.create(target);
                scheme = uri.getScheme();
                hostPort = uri.getHost() + ":" + uri.getPort();
                path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/metrics" : uri.getRawPath();
            }
            yaml.append("""
                      - job_name: target-%d
                        honor_labels: true
                        scheme: %s
                        metrics_path: '%s'
                        static_configs:
                          - targets: ['%s']
                    """.formatted(i, scheme, path, hostPort));
        }
        if (targets.isEmpty()) {
            yaml.append("  []\n");
        }
        return yaml.toString();
    }

    private boolean isReady() throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://" + address;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String address() {
        return address;
    }

    /**
     * Evaluates {@code promql} now (an instant query) and returns its samples: one per series of a vector, one
     * without labels for a scalar.
     *
     * @throws IllegalStateException if Prometheus rejects the query
     */
    public List<Sample> query(String promql) {
        URI uri = URI.create(url() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            body = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot query " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while querying Prometheus", e);
        }
        if (!"success".equals(body.path("status").asText())) {
            throw new IllegalStateException("Prometheus rejected " + promql + ": " + body.path("error").asText());
        }
        JsonNode data = body.path("data");
        String type = data.path("resultType").asText();
        List<Sample> samples = new ArrayList<>();
        switch (type) {
            case "vector" -> {
                for (JsonNode series : data.path("result")) {
                    Map<String, String> labels = new LinkedHashMap<>();
                    series.path("metric").properties().forEach(f -> labels.put(f.getKey(), f.getValue().asText()));
                    samples.add(new Sample(labels, parse(series.path("value").path(1).asText())));
                }
            }
            case "scalar" -> samples.add(new Sample(Map.of(), parse(data.path("result").path(1).asText())));
            default -> throw new IllegalStateException("Unsupported result type " + type + " for " + promql);
        }
        return samples;
    }

    /** The value of the first sample of {@code promql}, or empty when the result is empty. */
    public OptionalDouble value(String promql) {
        List<Sample> samples = query(promql);
        return samples.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(samples.get(0).value());
    }

    private static double parse(String value) {
        return switch (value) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }

    /** Stops the server and deletes its data. */
    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "Prometheus[" + address + "]";
    }

    /** One sample of a query result. */
    public record Sample(Map<String, String> labels, double value) {

        public Sample {
            labels = Map.copyOf(labels);
        }
    }
}

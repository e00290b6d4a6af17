package dev.slipway.testkit.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

class PrometheusTest {

    private static final String METRICS = """
            # HELP http_requests_total Requests served.
            # TYPE http_requests_total counter
            http_requests_total{track="canary",code="200"} 93
            http_requests_total{track="canary",code="500"} 7
            http_requests_total{track="stable",code="200"} 400
            """;

    private HttpServer exporter;

    @BeforeEach
    void startExporter() throws IOException {
        exporter = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        exporter.createContext("/q/metrics", exchange -> {
            byte[] body = METRICS.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        exporter.start();
    }

    @AfterEach
    void stopExporter() {
        exporter.stop(0);
    }

    @Test
    void scrapesExporterAndAnswersPromQl() {
        // Given Prometheus scraping the exporter's Quarkus-style metrics path
        String target = "http://127.0.0.1:" + exporter.getAddress().getPort() + "/q/metrics";
        try (Prometheus prometheus = Prometheus.start(List.of(target))) {

            // When it has scraped the exporter, Then the canary's error rate is answered
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(
                    prometheus.value("sum(http_requests_total{track=\"canary\",code=\"500\"})"
                            + " / sum(http_requests_total{track=\"canary\"})"))
                    .hasValue(0.07));
            // and the sample keeps the exporter's labels
            assertThat(prometheus.query("http_requests_total{code=\"500\"}"))
                    .singleElement()
                    .satisfies(sample -> {
                        assertThat(sample.value()).isEqualTo(7.0);
                        assertThat(sample.labels()).containsEntry("track", "canary")
                                .containsEntry("__name__", "http_requests_total");
                    });
        }
    }
}

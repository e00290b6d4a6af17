package dev.slipway.e2e.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.slipway.e2e.process.ChildProcess;
import dev.slipway.e2e.services.Credentials;
import dev.slipway.e2e.services.Infrastructure;
import dev.slipway.e2e.services.Service;
import dev.slipway.e2e.services.ServiceConfig;
import dev.slipway.e2e.services.SlipwayServices;
import dev.slipway.e2e.services.Tuning;
import dev.slipway.testkit.support.FreePorts;

/**
 * One service started from its runnable jar the way {@code SlipwayServices} starts all six (the same
 * {@link ServiceConfig}), with extra system properties, for benchmarks that need only that service.
 */
public final class OneService implements AutoCloseable {

    private final ChildProcess process;
    private final int port;

    private OneService(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code service} and waits until it answers {@code /q/health/ready}. */
    public static OneService start(Path root, Path work, Service service, Infrastructure infra,
            Credentials credentials, Tuning tuning, Map<String, String> extra) {
        int port = FreePorts.next();
        ChildProcess process = SlipwayServices.launch(root, work, service, port, infra, credentials, tuning, null,
                extra);
        OneService started = new OneService(process, port);
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            process.awaitReady(Duration.ofMinutes(3), () -> started.ready(http));
            return started;
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    boolean ready(HttpClient http) {
        return SlipwayServices.ready(http, port);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public ChildProcess process() {
        return process;
    }

    /** The service's {@code /q/metrics} lines that start with {@code prefix}. */
    public List<String> metrics(String prefix) {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url() + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return body.lines().filter(line -> line.startsWith(prefix)).toList();
        } catch (IOException e) {
            return List.of("(metrics unavailable: " + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    @Override
    public void close() {
        process.close();
    }
}

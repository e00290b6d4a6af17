package dev.slipway.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.slipway.e2e.process.ChildProcess;
import dev.slipway.e2e.services.Credentials;
import dev.slipway.e2e.services.Infrastructure;
import dev.slipway.e2e.services.Service;
import dev.slipway.e2e.services.ServiceConfig;
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
        Path dir = work.resolve(service.module());
        try {
            for (String sub : List.of("tmp", "home")) {
                Files.createDirectories(dir.resolve(sub));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + dir, e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(tuning.jvmOptions().trim().split("\\s+")));
        ServiceConfig.properties(service, port, infra, credentials, tuning, dir, null)
                .forEach((key, value) -> command.add("-D" + key + "=" + value));
        extra.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(service.runnableJar(root).toString());
        ChildProcess process = ChildProcess.start(service.module(), command,
                ServiceConfig.environment(service, infra, dir), dir,
                work.resolve("logs").resolve(service.module() + ".log"));
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
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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

package dev.slipway.e2e.services;

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
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.slipway.e2e.process.ChildProcess;
import dev.slipway.testkit.support.FreePorts;
import dev.slipway.testkit.support.TempDirs;

/**
 * The six services, each started from its module's runnable jar as a process of its own on a free port of 127.0.0.1,
 * and stopped by PID.
 */
public final class SlipwayServices implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

    private final Map<Service, ChildProcess> processes;
    private final Map<Service, Integer> ports;
    private final Path work;
    /** Starts a service again as it was started first: same port, same configuration, same log. */
    private volatile Function<Service, ChildProcess> relauncher;

    private SlipwayServices(Map<Service, ChildProcess> processes, Map<Service, Integer> ports, Path work) {
        this.processes = processes;
        this.ports = ports;
        this.work = work;
    }

    /** A free port for each service, chosen before the services start so that Prometheus can be told them. */
    public static Map<Service, Integer> choosePorts() {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            int port;
            do {
                port = FreePorts.next();
            } while (ports.containsValue(port));
            ports.put(service, port);
        }
        return ports;
    }

    /**
     * Starts every service and waits until each answers {@code /q/health/ready}.
     *
     * @param root the project's root directory, where each service's module is
     * @param work a directory for the services' logs and scratch files
     * @param sealingKey a key for secrets-service to adopt, or null
     * @param progress told about each service as it becomes ready
     * @throws IllegalStateException naming the service and showing its output when one fails to start
     */
    public static SlipwayServices start(Path root, Path work, Map<Service, Integer> ports, Infrastructure infra,
            Credentials credentials, Tuning tuning, Path sealingKey, Consumer<String> progress) {
        for (Service service : Service.values()) {
            if (!Files.isRegularFile(service.runnableJar(root))) {
                throw new IllegalStateException("No runnable jar " + service.runnableJar(root)
                        + ": build the services first (./mvnw -B package -DskipTests)");
            }
        }
        Map<Service, ChildProcess> started = Collections.synchronizedMap(new EnumMap<>(Service.class));
        SlipwayServices services = new SlipwayServices(started, ports, work);
        services.relauncher = service -> launch(root, work, service, ports.get(service), infra, credentials, tuning,
                sealingKey);
        try {
            for (Service service : Service.values()) {
                started.put(service, launch(root, work, service, ports.get(service), infra, credentials, tuning,
                        sealingKey));
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            for (Service service : Service.values()) {
                ChildProcess process = started.get(service);
                process.awaitReady(READY_TIMEOUT, () -> ready(http, ports.get(service)));
                progress.accept(service.module() + " ready on " + services.url(service) + " (pid " + process.pid()
                        + ")");
            }
            return services;
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
    }

    private static ChildProcess launch(Path root, Path work, Service service, int port, Infrastructure infra,
            Credentials credentials, Tuning tuning, Path sealingKey) {
        return launch(root, work, service, port, infra, credentials, tuning, sealingKey, Map.of());
    }

    /**
     * Starts one service from its runnable jar on {@code port} without waiting for it, as {@link #start} starts each:
     * its scratch directories under {@code work/<module>}, its output in {@code work/logs/<module>.log}.
     *
     * @param extra system properties added to (or overriding) what {@link ServiceConfig} gives the service
     */
    public static ChildProcess launch(Path root, Path work, Service service, int port, Infrastructure infra,
            Credentials credentials, Tuning tuning, Path sealingKey, Map<String, String> extra) {
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
        ServiceConfig.properties(service, port, infra, credentials, tuning, dir, sealingKey)
                .forEach((key, value) -> command.add("-D" + key + "=" + value));
        extra.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(service.runnableJar(root).toString());
        return ChildProcess.start(service.module(), command, ServiceConfig.environment(service, infra, dir), dir,
                work.resolve("logs").resolve(service.module() + ".log"));
    }

    /** Whether the service on {@code port} answers {@code /q/health/ready} with 200. */
    public static boolean ready(HttpClient http, int port) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/q/health/ready")).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Kills the service's process with {@code SIGKILL}, as a crash would: no shutdown, no flush, no commit.
     *
     * @return the process that was killed
     */
    public ChildProcess kill(Service service) {
        ChildProcess process = processes.get(service);
        process.killForcibly();
        return process;
    }

    /**
     * Starts the service again on the same port with the same configuration (its output appended to the same log),
     * stopping the running process first if there is one, and waits until it answers {@code /q/health/ready}.
     *
     * @return the new process
     */
    public ChildProcess restart(Service service) {
        ChildProcess old = processes.get(service);
        if (old != null && old.isAlive()) {
            old.close();
        }
        ChildProcess process = relauncher.apply(service);
        processes.put(service, process);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        process.awaitReady(READY_TIMEOUT, () -> ready(http, ports.get(service)));
        return process;
    }

    /** {@code http://127.0.0.1:PORT} of the service. */
    public String url(Service service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    public ChildProcess process(Service service) {
        return processes.get(service);
    }

    /** Every service's process, in start order. */
    public List<ChildProcess> processes() {
        synchronized (processes) {
            return List.copyOf(processes.values());
        }
    }

    /** Stops every service by PID, all at once, each with its grace period. */
    @Override
    public void close() {
        List<Thread> stopping = new ArrayList<>();
        for (ChildProcess process : processes()) {
            Thread thread = new Thread(process::close, "stop-" + process.name());
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        // Scratch files (Helm's native library alone is 90 MB per service) go; logs stay.
        for (Service service : Service.values()) {
            try {
                TempDirs.delete(work.resolve(service.module()).resolve("tmp"));
            } catch (UncheckedIOException e) {
                // left for the next clean
            }
        }
    }
}

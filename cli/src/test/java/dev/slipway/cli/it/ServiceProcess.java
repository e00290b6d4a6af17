package dev.slipway.cli.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Slipway service started from its module's runnable jar as a process of its own, on a port of 127.0.0.1, and
 * stopped by its process id.
 *
 * <p>
 * The JVM runs under a small shell that holds a pipe from this test JVM: should the test JVM die without stopping it
 * (even by {@code SIGKILL}), the pipe closes and the shell stops the service, so nothing outlives the test.
 */
final class ServiceProcess implements AutoCloseable {

    /** {@code $1} is the PID file, the rest the command; the watcher reads the pipe on a duplicate descriptor. */
    private static final String TETHER = """
            pidfile="$1"; shift
            exec 3<&0
            "$@" </dev/null 3<&- &
            child=$!
            echo "$child" > "$pidfile"
            ( cat <&3 >/dev/null 2>&1; kill -TERM "$child" 2>/dev/null; sleep 10; kill -KILL "$child" 2>/dev/null ) &
            watcher=$!
            exec 3<&-
            wait "$child"
            status=$?
            kill "$watcher" 2>/dev/null
            exit $status
            """;

    private final String name;
    private final Process tether;
    private final long pid;
    private final Path log;
    private final int port;

    private ServiceProcess(String name, Process tether, long pid, Path log, int port) {
        this.name = name;
        this.tether = tether;
        this.pid = pid;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts {@code jar} with {@code properties} as {@code -D} options, its output in {@code work/<name>.log}.
     */
    static ServiceProcess start(String name, Path jar, int port, Map<String, String> properties, Path work) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No runnable jar " + jar + ": build it first with "
                    + "./mvnw -B -pl gateway-service,secrets-service -am package -DskipTests");
        }
        try {
            Files.createDirectories(work.resolve("tmp-" + name));
            Path log = work.resolve(name + ".log");
            Path pidFile = work.resolve(name + ".pid");
            Files.deleteIfExists(pidFile);
            List<String> command = new ArrayList<>(List.of("sh", "-c", TETHER, "tether", pidFile.toString(),
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1",
                    "-Djava.io.tmpdir=" + work.resolve("tmp-" + name)));
            properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.add("-Dquarkus.http.host=127.0.0.1");
            command.add("-Dquarkus.http.port=" + port);
            command.add("-jar");
            command.add(jar.toString());
            Process tether = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            long pid = awaitPid(name, pidFile, tether);
            return new ServiceProcess(name, tether, pid, log, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private static long awaitPid(String name, Path pidFile, Process tether) {
        try {
            String text = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        if (!tether.isAlive()) {
                            throw new IllegalStateException(name + " exited at once with " + tether.exitValue());
                        }
                        return Files.exists(pidFile) ? Files.readString(pidFile, StandardCharsets.UTF_8).strip() : "";
                    }, pid -> !pid.isEmpty() && pid.chars().allMatch(Character::isDigit));
            return Long.parseLong(text);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            tether.destroyForcibly();
            throw new IllegalStateException(name + " did not report its process id");
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return pid;
    }

    boolean isAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Whether {@code /q/health/ready} answers 200; fails with the service's output if it exited. */
    boolean ready(HttpClient http) {
        if (!isAlive()) {
            throw new IllegalStateException(name + " (pid " + pid + ") exited while starting:\n" + logTail(60));
        }
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

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Stops the service by its PID: SIGTERM, then SIGKILL after a grace period. */
    @Override
    public void close() {
        ProcessHandle.of(pid).ifPresent(process -> {
            process.destroy();
            try {
                process.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        });
        try {
            tether.getOutputStream().close();
            if (!tether.waitFor(5, TimeUnit.SECONDS)) {
                tether.destroyForcibly();
            }
        } catch (IOException e) {
            tether.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid + ", " + url() + ")";
    }
}

package dev.slipway.testkit.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An external server process tethered to this JVM. It runs under a small shell that holds the read end of a pipe from
 * the JVM: when the JVM closes the pipe — on {@link #close()} or when it dies, even by {@code SIGKILL} — the shell
 * stops the server, runs an optional clean-up command and exits. Output goes to a log file whose tail is shown when
 * the server fails to start.
 */
public final class ServerProcess implements AutoCloseable {

    /**
     * {@code $1} is the clean-up command (run with {@code sh -c}, may be empty), the rest is the server command. The
     * watcher reads the pipe on a duplicate descriptor because a background job's standard input is /dev/null. The
     * tether ignores SIGINT: a Ctrl-C in a terminal reaches the whole process group, and the tether must outlive it to
     * run the clean-up once the JVM, which decides when servers stop, has gone.
     */
    private static final String TETHER = """
            trap '' INT
            cleanup="$1"; shift
            exec 3<&0
            "$@" </dev/null 3<&- &
            server=$!
            ( cat <&3 >/dev/null 2>&1; kill -TERM "$server" 2>/dev/null ) &
            watcher=$!
            exec 3<&-
            wait "$server"
            status=$?
            kill "$watcher" 2>/dev/null
            [ -z "$cleanup" ] || sh -c "$cleanup"
            exit $status
            """;

    private final String name;
    private final Process process;
    private final Path log;

    private ServerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command} with its output in {@code log}; {@code cleanup} (a shell command, or null) runs after the
     * server exits.
     */
    public static ServerProcess start(String name, List<String> command, Path log, String cleanup) {
        List<String> tethered = new ArrayList<>(List.of("sh", "-c", TETHER, "tether", cleanup == null ? "" : cleanup));
        tethered.addAll(command);
        try {
            Process process = new ProcessBuilder(tethered)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new ServerProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + command, e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The last lines of the server's output, for failure messages. */
    public String logTail() {
        return logTail(log, 30);
    }

    static String logTail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Waits until {@code ready} holds, failing fast with the server's log if it exits first. */
    public void awaitReady(Duration timeout, Poll.Condition ready) {
        Poll.until(name + " to become ready", timeout, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with code " + process.exitValue() + " while starting. Its output:\n"
                                + logTail());
            }
            return ready.holds();
        }, this::logTail);
    }

    /** Stops the server and waits for its clean-up, forcibly after ten seconds. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}

package dev.slipway.e2e.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A program started by Slipway's local run or its end-to-end test, stopped by its process id.
 *
 * <p>
 * The program runs under a small shell that writes the program's PID to a file and holds the read end of a pipe from
 * this JVM. {@link #close()} sends {@code SIGTERM} to that PID, waits, then {@code SIGKILL}s it and whatever it
 * started. If this JVM dies without closing it (even by {@code SIGKILL}), the pipe closes and the shell terminates the
 * program, so nothing outlives the run. Output goes to a log file.
 */
public final class ChildProcess implements AutoCloseable {

    /**
     * {@code $1} is the PID file, the rest is the command. The watcher reads the pipe on a duplicate descriptor,
     * because a background job's standard input is /dev/null. A background job also starts with {@code SIGQUIT}
     * ignored, which would leave a JVM without its thread dumps and {@code jcmd}; the program gets it back.
     */
    private static final String TETHER = """
            pidfile="$1"; shift
            exec 3<&0
            env --default-signal=QUIT "$@" </dev/null 3<&- &
            child=$!
            echo "$child" > "$pidfile"
            ( cat <&3 >/dev/null 2>&1; kill -TERM "$child" 2>/dev/null; sleep 15; kill -KILL "$child" 2>/dev/null ) &
            watcher=$!
            exec 3<&-
            wait "$child"
            status=$?
            kill "$watcher" 2>/dev/null
            exit $status
            """;

    private static final Duration GRACE = Duration.ofSeconds(15);

    private final String name;
    private final Process tether;
    private final long pid;
    private final Path log;
    private volatile boolean closed;

    private ChildProcess(String name, Process tether, long pid, Path log) {
        this.name = name;
        this.tether = tether;
        this.pid = pid;
        this.log = log;
    }

    /**
     * Starts {@code command} in {@code directory} with {@code environment} added to this process's environment, its
     * output appended to {@code log}.
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> environment,
            Path directory, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Path pidFile = Files.createTempFile(log.getParent(), name + "-", ".pid");
            Files.delete(pidFile);
            List<String> tethered = new ArrayList<>(List.of("sh", "-c", TETHER, "tether", pidFile.toString()));
            tethered.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(tethered)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            Process tether = builder.start();
            long pid = awaitPid(name, pidFile, tether);
            Files.deleteIfExists(pidFile);
            return new ChildProcess(name, tether, pid, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + command, e);
        }
    }

    private static long awaitPid(String name, Path pidFile, Process tether) throws IOException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(pidFile)) {
                String text = Files.readString(pidFile, StandardCharsets.UTF_8).strip();
                if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
                    return Long.parseLong(text);
                }
            }
            if (!tether.isAlive()) {
                throw new IllegalStateException(name + " exited at once with code " + tether.exitValue());
            }
            pause(Duration.ofMillis(20));
        }
        tether.destroyForcibly();
        throw new IllegalStateException(name + " did not report its process id");
    }

    public String name() {
        return name;
    }

    /** The program's own process id (not the shell's). */
    public long pid() {
        return pid;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return handle().map(ProcessHandle::isAlive).orElse(false);
    }

    private Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid);
    }

    /** The last {@code lines} lines of the program's output. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Whether the program's output has a line containing {@code text}. */
    public boolean logContains(String text) {
        try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.anyMatch(line -> line.contains(text));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /**
     * Waits until {@code ready} holds, failing with the program's output if it exits first or the time is up.
     */
    public void awaitReady(Duration timeout, BooleanSupplier ready) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " (pid " + pid + ") exited while starting. Its output:\n"
                        + logTail(40));
            }
            boolean holds;
            try {
                holds = ready.getAsBoolean();
            } catch (RuntimeException e) {
                holds = false;
            }
            if (holds) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + " (pid " + pid + ") was not ready within " + timeout
                        + ". Its output:\n" + logTail(40));
            }
            pause(Duration.ofMillis(200));
        }
    }

    /**
     * Stops the program by its PID: {@code SIGTERM}, then after a grace period {@code SIGKILL} for it and its
     * descendants.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        handle().ifPresent(process -> {
            List<ProcessHandle> descendants = process.descendants().toList();
            process.destroy();
            try {
                process.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
            descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        });
        releaseTether();
    }

    /** Lets the tether shell go, now that the program is gone; kills it if it does not end. */
    private void releaseTether() {
        try {
            tether.getOutputStream().close();
        } catch (IOException e) {
            // already closed
        }
        try {
            if (!tether.waitFor(5, TimeUnit.SECONDS)) {
                tether.descendants().forEach(ProcessHandle::destroyForcibly);
                tether.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Kills the program at once with {@code SIGKILL}, as a crash or the kernel's OOM killer would: no shutdown hook
     * runs, nothing is flushed. Its descendants die with it, as they would with their container. Returns once it is
     * gone.
     */
    public synchronized void killForcibly() {
        if (closed) {
            return;
        }
        closed = true;
        handle().ifPresent(process -> {
            List<ProcessHandle> descendants = process.descendants().toList();
            process.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
            try {
                process.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // reported by isAlive()
            }
        });
        releaseTether();
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid + ")";
    }
}

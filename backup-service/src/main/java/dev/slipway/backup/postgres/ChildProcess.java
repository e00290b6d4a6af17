package dev.slipway.backup.postgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running PostgreSQL client program: its standard error is drained into a short tail on a thread of its own, and a
 * watchdog kills it at its deadline (reading a pipe cannot be interrupted, so the deadline has to end the program).
 */
public final class ChildProcess implements AutoCloseable {

    private static final int TAIL_LINES = 20;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "slipway-backup-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final Process process;
    private final String name;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Thread stderrReader;
    private final ScheduledFuture<?> deadline;
    private final AtomicBoolean timedOut = new AtomicBoolean();

    private ChildProcess(Process process, String name, Duration limit) {
        this.process = process;
        this.name = name;
        this.stderrReader = new Thread(this::drainStderr, name + "-stderr");
        this.stderrReader.setDaemon(true);
        this.stderrReader.start();
        this.deadline = WATCHDOG.schedule(() -> {
            if (process.isAlive()) {
                timedOut.set(true);
                process.destroyForcibly();
            }
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts {@code builder}'s command, to be killed after {@code limit}. */
    public static ChildProcess start(ProcessBuilder builder, Duration limit) throws IOException {
        String name = java.nio.file.Path.of(builder.command().get(0)).getFileName().toString();
        return new ChildProcess(builder.start(), name, limit);
    }

    public InputStream stdout() {
        return process.getInputStream();
    }

    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /** Waits for the program to end and returns its exit code; the standard error tail is complete afterwards. */
    public int await() throws InterruptedException {
        int code = process.waitFor();
        stderrReader.join(TimeUnit.SECONDS.toMillis(5));
        deadline.cancel(false);
        return code;
    }

    /** Whether the watchdog killed the program. */
    public boolean timedOut() {
        return timedOut.get();
    }

    /** The last lines of standard error. */
    public List<String> stderrTail() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    public String name() {
        return name;
    }

    /** Kills the program if it still runs. */
    @Override
    public void close() {
        deadline.cancel(false);
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void drainStderr() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (tail) {
                    if (tail.size() == TAIL_LINES) {
                        tail.removeFirst();
                    }
                    tail.addLast(line);
                }
            }
        } catch (IOException e) {
            // the program ended
        }
    }
}

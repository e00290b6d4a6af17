package dev.slipway.build.command;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.slipway.build.scan.Redactor;

/**
 * Runs a build command from a repository with {@code /bin/sh -c} in the checkout: with a time limit, with an
 * environment built from nothing (so no Slipway credential or setting is inherited), with no input, and keeping only
 * the last lines of its output, redacted.
 */
public final class CommandRunner {

    /** Time the output reader gets to drain after the command ended. */
    private static final Duration DRAIN = Duration.ofSeconds(5);

    /**
     * @param path the {@code PATH} commands see
     * @param tailLines how many lines of output to keep
     * @param redactor removes secrets from the kept lines
     */
    public record Settings(String path, int tailLines, Redactor redactor) {
    }

    private final Settings settings;

    public CommandRunner(Settings settings) {
        this.settings = settings;
    }

    /**
     * The whole environment a command sees: a fixed set of basics, plus {@code extra} (for example
     * {@code SOURCE_DATE_EPOCH}).
     */
    public Map<String, String> environment(Path home, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", settings.path());
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.put("LC_ALL", "C.UTF-8");
        env.put("TZ", "UTC");
        env.put("TMPDIR", home.resolve("tmp").toString());
        env.put("CI", "true");
        env.putAll(extra);
        return env;
    }

    /**
     * Runs {@code command} in {@code directory}; returns when it ended or was killed at {@code limit}.
     *
     * @param home the command's {@code HOME}, a directory of the build's own
     */
    public CommandResult run(String command, Path directory, Path home, Duration limit, Map<String, String> extraEnv)
            throws InterruptedException {
        home.resolve("tmp").toFile().mkdirs();
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment(home, extraEnv));

        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start /bin/sh", e);
        }
        OutputTail tail = new OutputTail(settings.tailLines());
        Thread reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                tail.consume(in);
            } catch (IOException e) {
                // The process went away; what was read is kept.
            }
        }, "slipway-command-output");
        reader.setDaemon(true);
        reader.start();

        boolean finished;
        try {
            finished = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            killTree(process);
            throw e;
        }
        if (!finished) {
            killTree(process);
            process.waitFor(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        }
        reader.join(DRAIN.toMillis());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        List<String> lines = settings.redactor().redact(tail.lines());
        return new CommandResult(finished ? process.exitValue() : -1, !finished, lines, took);
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}

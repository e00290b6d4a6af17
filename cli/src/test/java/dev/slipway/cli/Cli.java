package dev.slipway.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import picocli.CommandLine;

/** Runs {@code slipway} in this JVM, as a shell would, and keeps what it printed. */
public final class Cli {

    /** What one command did. */
    public record Result(int exitCode, String out, String err) {

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private Cli() {
    }

    /** An environment with these variables, this home directory and this standard input, and no terminal. */
    public static Environment environment(Map<String, String> variables, Path home, String stdin) {
        return new Environment(variables, home, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                null, Clock.systemUTC());
    }

    public static Result run(Environment environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Slipway.commandLine(environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs while another thread reads the output so far from {@code out} and {@code err}. */
    public static int run(Environment environment, StringWriter out, StringWriter err, String... args) {
        CommandLine commandLine = Slipway.commandLine(environment);
        commandLine.setOut(new PrintWriter(new SynchronizedWriter(out), true));
        commandLine.setErr(new PrintWriter(new SynchronizedWriter(err), true));
        return commandLine.execute(args);
    }

    /** A writer whose text another thread may read while it is written. */
    private static final class SynchronizedWriter extends java.io.Writer {
        private final StringWriter target;

        SynchronizedWriter(StringWriter target) {
            this.target = target;
        }

        @Override
        public void write(char[] buffer, int offset, int length) {
            synchronized (target) {
                target.write(buffer, offset, length);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}

package dev.slipway.e2e.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @TempDir
    Path dir;

    @Test
    void stopsTheProgramByItsOwnPid() {
        ChildProcess process = ChildProcess.start("sleeper", List.of("sleep", "600"), Map.of(), dir,
                dir.resolve("sleeper.log"));
        long pid = process.pid();
        assertThat(ProcessHandle.of(pid)).hasValueSatisfying(handle -> assertThat(handle.info().command())
                .hasValueSatisfying(command -> assertThat(command).endsWith("sleep")));

        process.close();

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(process.isAlive()).isFalse();
    }

    @Test
    void theProgramStopsWhenTheJvmThatStartedItIsKilled() throws Exception {
        // Given a JVM that started a program
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), StartsASleeper.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        long pid;
        try (BufferedReader output = new BufferedReader(new InputStreamReader(jvm.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = output.readLine();
            assertThat(line).startsWith("PID ");
            pid = Long.parseLong(line.substring(4).strip());
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);

        // When the JVM is killed without a chance to clean up
        jvm.destroyForcibly().waitFor();

        // Then the program is stopped too
        await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive())
                .orElse(true));
    }

    @Test
    void killsTheProgramAndWhatItStartedAtOnceWithSigkill() {
        // Given a program that ignores SIGTERM and has started a program of its own
        ChildProcess process = ChildProcess.start("stubborn", List.of("sh", "-c",
                "trap '' TERM; sleep 600 & echo started; wait"), Map.of(), dir, dir.resolve("stubborn.log"));
        process.awaitReady(Duration.ofSeconds(20), () -> process.logContains("started"));
        List<ProcessHandle> descendants = ProcessHandle.of(process.pid()).orElseThrow().descendants().toList();
        assertThat(descendants).isNotEmpty();

        // When it is killed
        long before = System.nanoTime();
        process.killForcibly();

        // Then it is gone at once, without the grace period a stop gives, and so is what it started
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
        assertThat(process.isAlive()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> descendants.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void theProgramReceivesSigquitForItsThreadDump() throws Exception {
        // Given a program that answers SIGQUIT, as a JVM does with a thread dump
        ChildProcess process = ChildProcess.start("dumper", List.of("sh", "-c",
                "trap 'echo dumped' QUIT; echo started; while :; do sleep 0.1; done"), Map.of(), dir,
                dir.resolve("dumper.log"));
        try {
            process.awaitReady(Duration.ofSeconds(20), () -> process.logContains("started"));

            // When it is sent SIGQUIT
            assertThat(new ProcessBuilder("kill", "-QUIT", String.valueOf(process.pid())).start().waitFor())
                    .isZero();

            // Then it gets the signal, although it runs as a background job of the shell that started it
            await().atMost(Duration.ofSeconds(10)).until(() -> process.logContains("dumped"));
        } finally {
            process.close();
        }
    }

    @Test
    void keepsTheProgramsOutputAndEnvironment() {
        ChildProcess process = ChildProcess.start("echo", List.of("sh", "-c", "echo \"ready on $GREETING\"; sleep 600"),
                Map.of("GREETING", "port 1234"), dir, dir.resolve("echo.log"));
        try {
            process.awaitReady(Duration.ofSeconds(20), () -> process.logContains("ready on port 1234"));
        } finally {
            process.close();
        }
    }

    @Test
    void reportsAProgramThatExitsWhileStartingWithItsOutput() {
        ChildProcess process = ChildProcess.start("failing", List.of("sh", "-c", "echo 'no config'; sleep 0.2; exit 3"),
                Map.of(), dir, dir.resolve("failing.log"));
        assertThatThrownBy(() -> process.awaitReady(Duration.ofSeconds(20), () -> false))
                .hasMessageContaining("exited while starting").hasMessageContaining("no config");
        process.close();
    }
}

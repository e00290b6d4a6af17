package dev.slipway.build.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.slipway.build.scan.Redactor;
import dev.slipway.contracts.SecretValue;

class CommandRunnerTest {

    /** Set in this JVM's environment by the module's Surefire configuration, as a deployment would set it. */
    static final String SERVICE_SECRET_VARIABLE = "SLIPWAY_BUILD_GIT_PASSWORD";

    @TempDir
    Path dir;

    private CommandRunner runner(int tailLines, Redactor redactor) {
        return new CommandRunner(new CommandRunner.Settings("/usr/local/bin:/usr/bin:/bin", tailLines, redactor));
    }

    private CommandResult run(String command, Duration limit) throws InterruptedException {
        return runner(50, Redactor.patternsOnly()).run(command, dir, home(), limit, Map.of());
    }

    private Path home() {
        return dir.resolve("home");
    }

    @Test
    void hidesTheServiceEnvironmentFromCommands() throws Exception {
        String secret = System.getenv(SERVICE_SECRET_VARIABLE);
        assertThat(secret).as("the test JVM must have the service variable set").isNotBlank();

        CommandResult result = run("env; echo \"seen=[$" + SERVICE_SECRET_VARIABLE + "]\"", Duration.ofSeconds(30));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.tail()).noneMatch(line -> line.contains(secret))
                .noneMatch(line -> line.startsWith(SERVICE_SECRET_VARIABLE + "="))
                .noneMatch(line -> line.startsWith("JAVA_HOME=") || line.startsWith("MAVEN_"))
                .contains("seen=[]", "HOME=" + home(), "PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8");
    }

    @Test
    void runsInTheCheckoutWithNoInput() throws Exception {
        Files.writeString(dir.resolve("marker.txt"), "here");

        CommandResult result = run("cat marker.txt; echo; cat; echo end", Duration.ofSeconds(30));

        assertThat(result.tail()).containsExactly("here", "end");
    }

    @Test
    void keepsTheLastLinesOfOutputFromBothStreams() throws Exception {
        CommandResult result = runner(50, Redactor.patternsOnly()).run(
                "i=1; while [ $i -le 200 ]; do echo \"line $i\"; i=$((i+1)); done; echo oops >&2; exit 3", dir,
                home(), Duration.ofSeconds(30), Map.of());

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.tail()).hasSize(50).endsWith("line 199", "line 200", "oops")
                .startsWith("line 152");
    }

    @Test
    void stopsACommandAndItsChildrenAtTheTimeLimit() throws Exception {
        CommandResult result = run("sleep 60 & echo $! > child.pid; echo started; wait", Duration.ofMillis(700));

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.tail()).contains("started");
        long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).strip());
        await().atMost(Duration.ofSeconds(10)).until(
                () -> ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), alive -> !alive);
    }

    @Test
    void redactsTokensAndServiceSecretsInOutput() throws Exception {
        String token = "ghp_" + "a1B2c3D4e5".repeat(4);
        Redactor redactor = new Redactor(List.of(SecretValue.of("registry-pass-123")));

        CommandResult result = runner(10, redactor).run("echo token=" + token + "; echo pw=registry-pass-123", dir,
                home(), Duration.ofSeconds(30), Map.of());

        assertThat(String.join("\n", result.tail())).doesNotContain(token).doesNotContain("registry-pass-123");
        assertThat(result.tail()).containsExactly("token=[redacted]", "pw=[redacted]");
    }

    @Test
    void cutsEndlessLines() throws Exception {
        CommandResult result = run("head -c 100000 /dev/zero | tr '\\0' x; echo; echo after",
                Duration.ofSeconds(30));

        assertThat(result.tail()).hasSize(2);
        assertThat(result.tail().get(0)).hasSizeLessThan(OutputTail.MAX_LINE_CHARS + 20).endsWith("[line cut]");
        assertThat(result.tail().get(1)).isEqualTo("after");
    }

    @Test
    void passesExtraVariables() throws Exception {
        CommandResult result = runner(5, Redactor.patternsOnly()).run("echo $SOURCE_DATE_EPOCH", dir, home(),
                Duration.ofSeconds(30), Map.of("SOURCE_DATE_EPOCH", "1700000000"));

        assertThat(result.tail()).containsExactly("1700000000");
        assertThat(IntStream.of(result.exitCode())).containsExactly(0);
    }
}

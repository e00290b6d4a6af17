package dev.slipway.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.slipway.cli.Cli;
import dev.slipway.cli.Environment;
import dev.slipway.cli.ExitCode;

/** Argument parsing and the errors found before any request is sent. */
class CommandLineTest {

    @TempDir
    static Path home;

    private static String closedServer;

    @BeforeAll
    static void closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedServer = "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    private static Cli.Result run(String... args) {
        return Cli.run(Cli.environment(Map.of(), home, ""), args);
    }

    @Test
    void anUnknownCommandOrOptionIsAUsageError() {
        assertThat(run("deploy-everything").exitCode()).isEqualTo(ExitCode.USAGE);
        Cli.Result unknownOption = run("runs", "--colour");

        assertThat(unknownOption.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unknownOption.err()).contains("Unknown option: '--colour'");
    }

    @Test
    void rejectNeedsAReasonAndReplayAKnownStage() {
        Cli.Result reject = run("reject", "run-1", "production", "--server", closedServer);
        Cli.Result replay = run("replay", "run-1", "compile", "--reason", "x", "--server", closedServer);

        assertThat(reject.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(reject.err()).contains("Missing required option: '--reason=TEXT'");
        assertThat(replay.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(replay.err()).contains("expected one of [ACCEPT, BUILD, CHART, DEPLOY, SECRETS, BACKUP]");
    }

    @Test
    void anUnknownOutputFormatOrStatusIsAUsageError() {
        assertThat(run("runs", "-o", "yaml", "--server", closedServer).exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run("runs", "--status", "DONE", "--server", closedServer).exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void withoutAServerItSaysWhereToSetOne() {
        Cli.Result result = run("runs");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).startsWith("slipway: no gateway URL: set --server/--token, SLIPWAY_SERVER/"
                + "SLIPWAY_TOKEN, or server/token in " + home.resolve(".config/slipway/config"));
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheCommand() {
        Cli.Result before = run("--server", closedServer, "runs", "--app", "hello", "--status", "failed");
        Cli.Result after = run("dlq", "ls", "--server", closedServer);

        assertThat(before.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(before.err()).isEqualTo("slipway: cannot reach the gateway at " + closedServer
                + ": connection refused\n");
        assertThat(after.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
    }

    @Test
    void theServerComesFromTheEnvironment() {
        Environment environment = Cli.environment(Map.of("SLIPWAY_SERVER", closedServer), home, "");

        Cli.Result result = Cli.run(environment, "run", "run-1");

        assertThat(result.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(result.err()).contains(closedServer);
    }

    @Test
    void aDeadLetterIdMustBeTopicPartitionOffset() {
        Cli.Result result = run("dlq", "replay", "chart-published.dlq:0:7", "--reason", "x", "--server",
                closedServer);

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("<topic>.dlq/<partition>/<offset>");
    }

    @Test
    void helpOnEveryCommandListsTheExitCodes() {
        Cli.Result help = run("secrets", "set", "--help");

        assertThat(help.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(help.out()).contains("Usage: slipway secrets set").contains("--from-file=FILE")
                .contains("Exit codes:").contains("  6   404: no such run");
    }

    @Test
    void printsItsVersion() {
        assertThat(run("--version").out()).startsWith("slipway ");
    }

    @Test
    void completionIsABashScriptForEveryCommand() {
        Cli.Result completion = run("completion");

        assertThat(completion.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(completion.out()).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_slipway")
                .contains("_picocli_slipway_secrets_rotate").contains("_picocli_slipway_dlq_replay")
                .contains("(\"ACCEPT\" \"BUILD\" \"CHART\" \"DEPLOY\" \"SECRETS\" \"BACKUP\")");
    }
}

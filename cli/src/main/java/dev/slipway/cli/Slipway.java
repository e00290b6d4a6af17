package dev.slipway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import dev.slipway.cli.commands.ApproveCommand;
import dev.slipway.cli.commands.CompletionCommand;
import dev.slipway.cli.commands.DlqCommand;
import dev.slipway.cli.commands.RejectCommand;
import dev.slipway.cli.commands.ReplayCommand;
import dev.slipway.cli.commands.ReposCommand;
import dev.slipway.cli.commands.RunCommand;
import dev.slipway.cli.commands.RunsCommand;
import dev.slipway.cli.commands.SealCommand;
import dev.slipway.cli.commands.SealingKeyCommand;
import dev.slipway.cli.commands.SecretsCommand;
import dev.slipway.cli.commands.SubscribeCommand;
import dev.slipway.cli.commands.SubscriptionsCommand;
import dev.slipway.cli.config.Settings;
import dev.slipway.cli.http.ApiClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code slipway}: Slipway from a terminal or a script. */
@Command(name = "slipway", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, versionProvider = Slipway.Version.class, description = Slipway.DESCRIPTION, subcommands = {
        RunsCommand.class,
        RunCommand.class, ReplayCommand.class, ApproveCommand.class, RejectCommand.class, DlqCommand.class,
        ReposCommand.class, SubscribeCommand.class, SubscriptionsCommand.class, SecretsCommand.class,
        SealCommand.class, SealingKeyCommand.class,
        CompletionCommand.class}, exitCodeListHeading = "%nExit codes:%n", exitCodeList = {" 0:done",
                " 1:run --follow: the run failed, was rolled back or was superseded",
                " 2:usage: unknown command or option, missing argument, no server configured",
                " 3:the server cannot be reached", " 4:401: no token, or a token the server does not know",
                " 5:403: the token's role may not do this",
                " 6:404: no such run, stage, repository, subscription, dead letter or secret",
                " 7:409: not possible now (a stage that has not failed, an environment not waiting)",
                " 8:400/413/415/422: the server refused the request as invalid",
                " 9:5xx, or an answer slipway cannot read", "10:--timeout passed before the run finished",
                "11:a local file (config, key, value) cannot be read",
                "70:a fault in slipway itself"}, footerHeading = "%nSettings:%n", footer = Slipway.SETTINGS)
public class Slipway implements Runnable {

    static final String DESCRIPTION = "Follow, replay and approve Slipway pipeline runs; manage repositories, "
            + "subscriptions and secrets; seal values for git.";
    static final String SETTINGS = "Each of --server, --token, --secrets-server and --secrets-token comes from the "
            + "flag, else the environment (SLIPWAY_SERVER, SLIPWAY_TOKEN, SLIPWAY_SECRETS_SERVER, "
            + "SLIPWAY_SECRETS_TOKEN), else the config file (--config, SLIPWAY_CONFIG or ~/.config/slipway/config: "
            + "key = value lines with keys server, token, secrets-server, secrets-token).";

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "URL", description = "gateway-service base URL (SLIPWAY_SERVER)")
    String server;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN", description = "API token for the gateway, and for secrets-service unless --secrets-token (SLIPWAY_TOKEN)")
    String token;

    @Option(names = "--secrets-server", scope = ScopeType.INHERIT, paramLabel = "URL", description = "secrets-service base URL (SLIPWAY_SECRETS_SERVER)")
    String secretsServer;

    @Option(names = "--secrets-token", scope = ScopeType.INHERIT, paramLabel = "TOKEN", description = "API token for secrets-service (SLIPWAY_SECRETS_TOKEN)")
    String secretsToken;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE", description = "config file (SLIPWAY_CONFIG; default ~/.config/slipway/config)")
    Path config;

    @Option(names = "--request-timeout", scope = ScopeType.INHERIT, paramLabel = "SECONDS", defaultValue = "30", description = "how long to wait for each answer (default: ${DEFAULT-VALUE})")
    int requestTimeout;

    @Spec
    CommandSpec spec;

    private final Environment environment;
    private Settings settings;
    private ApiClient gateway;
    private ApiClient secrets;

    public Slipway(Environment environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(commandLine(Environment.system()).execute(args));
    }

    /** The command line of {@code slipway}, reading from {@code environment}. */
    public static CommandLine commandLine(Environment environment) {
        CommandLine commandLine = new CommandLine(new Slipway(environment));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((error, cl, parseResult) -> {
            PrintWriter err = cl.getErr();
            if (error instanceof CliException failure) {
                err.println("slipway: " + failure.getMessage());
                err.flush();
                return failure.exitCode();
            }
            err.println("slipway: internal error: " + error);
            err.flush();
            return ExitCode.INTERNAL;
        });
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public Environment environment() {
        return environment;
    }

    /** The settings from flags, environment and config file, resolved once. */
    public Settings settings() {
        if (settings == null) {
            settings = Settings.resolve(new Settings.Flags(server, token, secretsServer, secretsToken, config),
                    environment);
        }
        return settings;
    }

    public ApiClient gateway() {
        if (gateway == null) {
            gateway = new ApiClient(settings().gateway(), Duration.ofSeconds(requestTimeout));
        }
        return gateway;
    }

    public ApiClient secrets() {
        if (secrets == null) {
            secrets = new ApiClient(settings().secrets(), Duration.ofSeconds(requestTimeout));
        }
        return secrets;
    }

    /** The version from the jar's {@code slipway-cli.properties}. */
    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            Properties properties = new Properties();
            try (InputStream in = Slipway.class.getResourceAsStream("/slipway-cli.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                // no version: below
            }
            return new String[]{"slipway " + properties.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version")};
        }
    }
}

package dev.slipway.cli.commands;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.cli.ExitCode;
import dev.slipway.cli.output.OutputOptions;
import dev.slipway.cli.output.Table;
import dev.slipway.contracts.SecretValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway repos add|ls}: the repositories whose pushes start runs. */
@Command(name = "repos", description = "Repositories whose pushes start runs.", subcommands = {ReposCommand.Add.class,
        ReposCommand.Ls.class})
public class ReposCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The git providers the gateway takes webhooks from. */
    public enum Provider {
        github, gitlab, gitea
    }

    /** {@code slipway repos add}. */
    @Command(name = "add", description = {"Register a repository (role admin).",
            "The webhook secret is read from --webhook-secret-file, standard input or the terminal; never give it "
                    + "as an argument."})
    public static class Add extends ApiCommand {

        @Option(names = "--provider", required = true, paramLabel = "PROVIDER", description = "${COMPLETION-CANDIDATES}")
        Provider provider;

        @Option(names = "--full-name", required = true, paramLabel = "OWNER/NAME", description = "the repository, as the provider names it")
        String fullName;

        @Option(names = "--clone-url", required = true, paramLabel = "URL", description = "where build-service fetches it from")
        String cloneUrl;

        @Option(names = "--app", paramLabel = "APP", description = "the application name (default: the repository's name)")
        String app;

        @Option(names = "--default-branch", paramLabel = "BRANCH", description = "(default: main)")
        String defaultBranch;

        @Option(names = "--branch", paramLabel = "BRANCH", description = "a branch whose pushes start runs; repeatable (default: the default branch)")
        List<String> branches = new ArrayList<>();

        @Option(names = "--webhook-secret-file", paramLabel = "FILE", description = "the webhook secret; - for standard input")
        Path secretFile;

        @Mixin
        OutputOptions output;

        @Override
        int execute() {
            SecretValue secret = ValueInput.read(secretFile, environment(), "webhook secret");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("app", app);
            body.put("provider", provider.name());
            body.put("fullName", fullName);
            body.put("cloneUrl", cloneUrl);
            body.put("defaultBranch", defaultBranch);
            body.put("branches", branches);
            body.put("webhookSecret", secret.reveal());
            JsonNode registered;
            try {
                registered = gateway().post("/api/repositories", body);
            } finally {
                body.clear();
                secret.destroy();
            }
            if (output.json()) {
                OutputOptions.printJson(out(), registered);
                return ExitCode.OK;
            }
            return done("registered " + registered.path("fullName").asText() + " as "
                    + registered.path("app").asText() + ": point its " + provider + " push webhook at "
                    + gateway().baseUrl() + registered.path("webhookPath").asText());
        }
    }

    /** {@code slipway repos ls}. */
    @Command(name = "ls", description = "List the registered repositories.")
    public static class Ls extends ApiCommand {

        @Mixin
        OutputOptions output;

        @Override
        int execute() {
            JsonNode repositories = gateway().get("/api/repositories");
            if (output.json()) {
                OutputOptions.printJson(out(), repositories);
                return ExitCode.OK;
            }
            Table table = Table.of("APP", "PROVIDER", "REPOSITORY", "BRANCHES", "CLONE URL");
            for (JsonNode repository : repositories) {
                List<String> branches = new ArrayList<>();
                repository.path("branches").forEach(branch -> branches.add(branch.asText()));
                table.row(repository.path("app").asText(), repository.path("provider").asText(),
                        repository.path("fullName").asText(), String.join(",", branches),
                        repository.path("cloneUrl").asText());
            }
            if (table.isEmpty()) {
                err().println("no repositories registered");
                err().flush();
                return ExitCode.OK;
            }
            table.print(out());
            return ExitCode.OK;
        }
    }
}

package dev.slipway.cli.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCode;
import dev.slipway.cli.http.ApiClient;
import dev.slipway.cli.output.OutputOptions;
import dev.slipway.cli.output.Table;
import dev.slipway.cli.output.Times;
import dev.slipway.contracts.Json;
import dev.slipway.contracts.SecretValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway secrets set|ls|rotate|generate|apply}, against secrets-service (role sre). */
@Command(name = "secrets", description = "An application's secrets in secrets-service (role sre). Values go in; "
        + "only keys and versions come out.", subcommands = {SecretsCommand.Ls.class, SecretsCommand.Set.class,
                SecretsCommand.Generate.class,
                SecretsCommand.Rotate.class, SecretsCommand.Apply.class})
public class SecretsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String environmentPath(String app, String environment) {
        return "/api/apps/" + ApiClient.segment(app) + "/environments/" + ApiClient.segment(environment);
    }

    static String keyPath(String app, String environment, String key) {
        return environmentPath(app, environment) + "/secrets/" + ApiClient.segment(key);
    }

    /** {@code KEY set in hello/staging: version 3, synced to hello-staging/hello-secrets}. */
    static String describe(JsonNode change) {
        JsonNode sync = change.path("sync");
        String status = sync.path("status").asText("unknown");
        String where = switch (status) {
            case "synced" -> "synced to " + sync.path("namespace").asText() + "/" + sync.path("secret").asText();
            case "no_target" -> "not synced yet: no chart has named the environment's namespace";
            default -> "sync " + status + (sync.path("detail").isTextual()
                    ? ": " + sync.path("detail").asText()
                    : "");
        };
        return change.path("key").asText() + " " + change.path("action").asText() + " in "
                + change.path("app").asText() + "/" + change.path("environment").asText() + ": version "
                + change.path("version").asInt() + ", " + where;
    }

    /** The application, environment and key a command works on. */
    abstract static class KeyCommand extends ApiCommand {

        @Parameters(index = "0", paramLabel = "APP", description = "the application")
        String app;

        @Parameters(index = "1", paramLabel = "ENV", description = "the environment")
        String environment;

        @Parameters(index = "2", paramLabel = "KEY", description = "the secret's key, an environment variable name")
        String key;

        @Mixin
        OutputOptions output;

        int changed(JsonNode change) {
            if (output.json()) {
                OutputOptions.printJson(out(), change);
                return ExitCode.OK;
            }
            return done(describe(change));
        }
    }

    /** {@code slipway secrets ls APP ENV}. */
    @Command(name = "ls", description = "List an environment's keys with their version, source and last change.")
    public static class Ls extends ApiCommand {

        @Parameters(index = "0", paramLabel = "APP", description = "the application")
        String app;

        @Parameters(index = "1", paramLabel = "ENV", description = "the environment")
        String environment;

        @Mixin
        OutputOptions output;

        @Override
        int execute() {
            JsonNode list = secrets().get(environmentPath(app, environment) + "/secrets");
            if (output.json()) {
                OutputOptions.printJson(out(), list);
                return ExitCode.OK;
            }
            Instant now = environment().clock().instant();
            Table table = Table.of("KEY", "VERSION", "SOURCE", "UPDATED", "BY", "ROTATES");
            for (JsonNode key : list.path("keys")) {
                table.row(key.path("key").asText(), key.path("version").asInt(), key.path("source").asText(),
                        key.path("updatedAt").isTextual()
                                ? Times.age(Instant.parse(key.path("updatedAt").asText()),
                                        now)
                                : null,
                        key.path("updatedBy").asText(null),
                        key.path("rotateEvery").isTextual() ? "every " + key.path("rotateEvery").asText() : null);
            }
            if (table.isEmpty()) {
                err().println("no secrets in " + app + "/" + environment);
                err().flush();
                return ExitCode.OK;
            }
            table.print(out());
            return ExitCode.OK;
        }
    }

    /** {@code slipway secrets set APP ENV KEY}. */
    @Command(name = "set", description = {"Set a value. It is read from --from-file, standard input or the terminal "
            + "(without echo); never give it as an argument."})
    public static class Set extends KeyCommand {

        @Option(names = "--from-file", paramLabel = "FILE", description = "read the value from FILE; - for standard input")
        Path file;

        @Override
        int execute() {
            SecretValue value = ValueInput.read(file, environment(), "value of " + key);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("value", value.reveal());
            try {
                return changed(secrets().put(keyPath(app, environment, key), body));
            } finally {
                body.clear();
                value.destroy();
            }
        }
    }

    /** {@code slipway secrets generate APP ENV KEY}. */
    @Command(name = "generate", description = "Generate a random value, optionally rotated on a schedule.")
    public static class Generate extends KeyCommand {

        @Option(names = "--length", paramLabel = "N", description = "characters, 8 to 4096 (default: 32)")
        Integer length;

        @Option(names = "--alphabet", paramLabel = "ALPHABET", description = "alphanumeric, hex, base64url or symbols (default: alphanumeric)")
        String alphabet;

        @Option(names = "--rotate-every", paramLabel = "PERIOD", description = "rotate after this period: 30d, 12h, P30D")
        String rotateEvery;

        @Override
        int execute() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("length", length);
            body.put("alphabet", alphabet);
            body.put("rotateEvery", rotateEvery);
            return changed(secrets().post(keyPath(app, environment, key) + "/generate", body));
        }
    }

    /** {@code slipway secrets rotate APP ENV KEY}. */
    @Command(name = "rotate", description = "Replace a generated value with a new one made the same way.")
    public static class Rotate extends KeyCommand {

        @Override
        int execute() {
            return changed(secrets().post(keyPath(app, environment, key) + "/rotate", null));
        }
    }

    /** {@code slipway secrets apply APP ENV FILE}. */
    @Command(name = "apply", description = {"Set keys from a file of sealed values (slipway seal), as committed to "
            + "git: KEY=v1:... lines, or a JSON object {\"KEY\": \"v1:...\"}.",
            "Every value is opened before any is stored: one that does not open stores none."})
    public static class Apply extends ApiCommand {

        @Parameters(index = "0", paramLabel = "APP", description = "the application")
        String app;

        @Parameters(index = "1", paramLabel = "ENV", description = "the environment")
        String environment;

        @Parameters(index = "2", paramLabel = "FILE", description = "the sealed values")
        Path file;

        @Mixin
        OutputOptions output;

        @Override
        int execute() {
            Map<String, String> sealed = readSealedFile(file);
            JsonNode changes = secrets().post(environmentPath(app, environment) + "/sealed", sealed);
            if (output.json()) {
                OutputOptions.printJson(out(), changes);
                return ExitCode.OK;
            }
            changes.forEach(change -> out().println(describe(change)));
            out().flush();
            return ExitCode.OK;
        }
    }

    /** Reads {@code KEY=v1:...} lines ({@code #} comments) or a JSON object. */
    static Map<String, String> readSealedFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(ExitCode.LOCAL_INPUT, "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (text.strip().startsWith("{")) {
            try {
                values.putAll(Json.MAPPER.readValue(text, new TypeReference<Map<String, String>>() {
                }));
            } catch (JsonProcessingException e) {
                throw new CliException(ExitCode.LOCAL_INPUT, file + " is not a JSON object of key to sealed value");
            }
        } else {
            List<String> lines = text.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int equals = line.indexOf('=');
                if (equals <= 0) {
                    throw new CliException(ExitCode.LOCAL_INPUT, file + ":" + (i + 1) + ": expected KEY=v1:...");
                }
                values.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
            }
        }
        if (values.isEmpty()) {
            throw new CliException(ExitCode.LOCAL_INPUT, file + " holds no sealed values");
        }
        return values;
    }
}

package dev.slipway.cli.commands;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCode;
import dev.slipway.cli.http.ApiClient;
import dev.slipway.cli.output.OutputOptions;
import dev.slipway.cli.output.Table;
import dev.slipway.cli.output.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway dlq ls|replay}: the records consumers gave up on. */
@Command(name = "dlq", description = "Dead letters: the records a service could not process.", subcommands = {
        DlqCommand.Ls.class, DlqCommand.Replay.class})
public class DlqCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code slipway dlq ls}. */
    @Command(name = "ls", description = "List the newest dead letters of every <topic>.dlq, with their error.")
    public static class Ls extends ApiCommand {

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "at most N records, 1 to 1000 (default: ${DEFAULT-VALUE})")
        int limit;

        @Mixin
        OutputOptions output;

        @Override
        int execute() {
            JsonNode letters = gateway().get("/api/dlq", Map.of("limit", limit));
            if (output.json()) {
                OutputOptions.printJson(out(), letters);
                return ExitCode.OK;
            }
            Instant now = environment().clock().instant();
            Table table = Table.of("ID", "AGE", "APP", "TYPE", "RUN", "REASON");
            for (JsonNode letter : letters) {
                table.row(id(letter), Times.age(instant(letter.path("timestamp")), now), text(letter, "key"),
                        text(letter, "type"), text(letter, "runId"), text(letter, "reason"));
            }
            if (table.isEmpty()) {
                err().println("no dead letters");
                err().flush();
                return ExitCode.OK;
            }
            table.print(out());
            return ExitCode.OK;
        }

        /** {@code <dlq topic>/<partition>/<offset>}, the id {@code dlq replay} takes. */
        static String id(JsonNode letter) {
            return letter.path("topic").asText() + "/" + letter.path("partition").asInt() + "/"
                    + letter.path("offset").asLong();
        }

        private static Instant instant(JsonNode node) {
            try {
                return node.isTextual() ? Instant.parse(node.asText()) : null;
            } catch (DateTimeParseException e) {
                return null;
            }
        }

        private static String text(JsonNode node, String field) {
            return node.path(field).isValueNode() && !node.path(field).isNull() ? node.path(field).asText() : null;
        }
    }

    /** {@code slipway dlq replay ID --reason ...}. */
    @Command(name = "replay", description = "Put a dead letter back on its topic with a new event id (role sre).")
    public static class Replay extends ApiCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "<topic>.dlq/<partition>/<offset>, as dlq ls shows it")
        String id;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why, for the record")
        String reason;

        @Mixin
        OutputOptions output;

        @Override
        int execute() {
            String[] parts = id.split("/");
            if (parts.length != 3 || !parts[1].matches("\\d+") || !parts[2].matches("\\d+")) {
                throw new CliException(ExitCode.USAGE, "a dead letter's id reads <topic>.dlq/<partition>/<offset>,"
                        + " as dlq ls shows it; got '" + id + "'");
            }
            JsonNode replay = gateway().post("/api/dlq/" + ApiClient.segment(parts[0]) + "/" + parts[1] + "/"
                    + parts[2] + "/replay", Map.of("reason", reason));
            if (output.json()) {
                OutputOptions.printJson(out(), replay);
                return ExitCode.OK;
            }
            return done("put " + id + " back on " + replay.path("topic").asText() + " as event "
                    + replay.path("eventId").asText());
        }
    }
}

package dev.slipway.cli.commands;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

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

/** {@code slipway subscriptions ls|deliveries}. */
@Command(name = "subscriptions", description = "Subscriptions and their delivery log.", subcommands = {
        SubscriptionsCommand.Ls.class, SubscriptionsCommand.Deliveries.class})
public class SubscriptionsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code slipway subscriptions ls}. */
    @Command(name = "ls", description = "List subscriptions.")
    public static class Ls extends ApiCommand {

        @Mixin
        OutputOptions output;

        @Override
        int execute() {
            JsonNode subscriptions = gateway().get("/api/subscriptions");
            if (output.json()) {
                OutputOptions.printJson(out(), subscriptions);
                return ExitCode.OK;
            }
            Table table = Table.of("ID", "NAME", "URL", "FILTER", "BY");
            for (JsonNode subscription : subscriptions) {
                table.row(subscription.path("id").asText(), subscription.path("name").asText(),
                        subscription.path("url").asText(), filter(subscription.path("filter")),
                        subscription.path("createdBy").asText());
            }
            if (table.isEmpty()) {
                err().println("no subscriptions");
                err().flush();
                return ExitCode.OK;
            }
            table.print(out());
            return ExitCode.OK;
        }

        /** {@code apps=hello events=dev.slipway.deployed.v1}, or {@code all events}. */
        static String filter(JsonNode filter) {
            List<String> parts = new ArrayList<>();
            for (String field : List.of("apps", "environments", "eventTypes", "outcomes")) {
                List<String> values = new ArrayList<>();
                filter.path(field).forEach(value -> values.add(value.asText()));
                if (!values.isEmpty()) {
                    parts.add(field + "=" + String.join(",", values));
                }
            }
            return parts.isEmpty() ? "all events" : String.join(" ", parts);
        }
    }

    /** {@code slipway subscriptions deliveries ID}. */
    @Command(name = "deliveries", description = "A subscription's delivery log, newest first.")
    public static class Deliveries extends ApiCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "the subscription id")
        String id;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "at most N deliveries (default: ${DEFAULT-VALUE})")
        int limit;

        @Mixin
        OutputOptions output;

        @Override
        int execute() {
            JsonNode deliveries = gateway().get("/api/subscriptions/" + ApiClient.segment(id) + "/deliveries",
                    Map.of("limit", limit));
            if (output.json()) {
                OutputOptions.printJson(out(), deliveries);
                return ExitCode.OK;
            }
            Instant now = environment().clock().instant();
            Table table = Table.of("EVENT", "TYPE", "STATUS", "ATTEMPTS", "LAST CODE", "AGE", "ERROR");
            for (JsonNode delivery : deliveries) {
                table.row(delivery.path("eventId").asText(), delivery.path("eventType").asText(),
                        delivery.path("status").asText(), delivery.path("attempts").asInt(),
                        delivery.path("lastStatusCode").isNumber() ? delivery.path("lastStatusCode").asInt() : null,
                        delivery.path("createdAt").isTextual()
                                ? Times.age(Instant.parse(delivery.path("createdAt").asText()), now)
                                : null,
                        delivery.path("lastError").isTextual() ? delivery.path("lastError").asText() : null);
            }
            if (table.isEmpty()) {
                err().println("no deliveries yet");
                err().flush();
                return ExitCode.OK;
            }
            table.print(out());
            return ExitCode.OK;
        }
    }
}

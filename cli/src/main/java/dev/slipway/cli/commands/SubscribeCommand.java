package dev.slipway.cli.commands;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.cli.ExitCode;
import dev.slipway.cli.output.OutputOptions;
import dev.slipway.contracts.SecretValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code slipway subscribe}: events delivered over HTTP to a team's endpoint. */
@Command(name = "subscribe", description = {"Subscribe a URL to events (role sre). Each event is POSTed as a "
        + "CloudEvent signed with X-Slipway-Signature: sha256=<HMAC of the body>.",
        "The signing secret is read from --secret-file, standard input or the terminal."})
public class SubscribeCommand extends ApiCommand {

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "a name for people")
    String name;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "where to POST the events")
    String url;

    @Option(names = "--secret-file", paramLabel = "FILE", description = "the HMAC key; - for standard input")
    Path secretFile;

    @Option(names = "--app", paramLabel = "APP", description = "only this application's events; repeatable")
    List<String> apps = new ArrayList<>();

    @Option(names = "--env", paramLabel = "ENV", description = "only this environment's events; repeatable")
    List<String> environments = new ArrayList<>();

    @Option(names = "--event", paramLabel = "TYPE", description = "only this event type or topic (deployed, "
            + "stage-failed, dev.slipway.deployed.v1); repeatable")
    List<String> eventTypes = new ArrayList<>();

    @Option(names = "--outcome", paramLabel = "OUTCOME", description = "only events with this outcome (SUCCEEDED, "
            + "ROLLED_BACK, ...); repeatable")
    List<String> outcomes = new ArrayList<>();

    @Mixin
    OutputOptions output;

    @Override
    int execute() {
        SecretValue secret = ValueInput.read(secretFile, environment(), "subscription secret");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("url", url);
        body.put("secret", secret.reveal());
        body.put("apps", apps);
        body.put("environments", environments);
        body.put("eventTypes", eventTypes);
        body.put("outcomes", outcomes);
        JsonNode created;
        try {
            created = gateway().post("/api/subscriptions", body);
        } finally {
            body.clear();
            secret.destroy();
        }
        if (output.json()) {
            OutputOptions.printJson(out(), created);
            return ExitCode.OK;
        }
        return done("subscription " + created.path("id").asText() + " (" + created.path("name").asText()
                + ") delivers to " + created.path("url").asText());
    }
}

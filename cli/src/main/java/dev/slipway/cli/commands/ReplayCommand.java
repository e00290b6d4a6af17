package dev.slipway.cli.commands;

import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.cli.ExitCode;
import dev.slipway.cli.http.ApiClient;
import dev.slipway.cli.output.OutputOptions;
import dev.slipway.contracts.Stage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway replay RUN STAGE --reason ...}: re-publishes a failed stage's input (role sre). */
@Command(name = "replay", description = "Replay a failed stage of a run: its stored input is published again, "
        + "with a new event id, in the same run (role sre).")
public class ReplayCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "RUN", description = "the run id")
    String runId;

    @Parameters(index = "1", paramLabel = "STAGE", description = "the stage to replay: ${COMPLETION-CANDIDATES} (any case)")
    Stage stage;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why, for the record")
    String reason;

    @Option(names = "--force", description = "replay even a stage that has not failed")
    boolean force;

    @Mixin
    OutputOptions output;

    @Override
    int execute() {
        JsonNode replay = gateway().post("/api/runs/" + ApiClient.segment(runId) + "/stages/" + stage.name()
                + "/replay", force ? Map.of("force", true) : Map.of(), Map.of("reason", reason));
        if (output.json()) {
            OutputOptions.printJson(out(), replay);
            return ExitCode.OK;
        }
        return done("replayed " + stage.name().toLowerCase(Locale.ROOT) + " of run " + runId + ": event "
                + replay.path("eventId").asText() + " on " + replay.path("topic").asText() + ", replay of "
                + replay.path("replayOf").asText());
    }
}

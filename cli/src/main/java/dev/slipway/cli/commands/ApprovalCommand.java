package dev.slipway.cli.commands;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.cli.ExitCode;
import dev.slipway.cli.http.ApiClient;
import dev.slipway.cli.output.OutputOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Approves or rejects an environment waiting at its gate (role sre). */
abstract class ApprovalCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "RUN", description = "the run id")
    String runId;

    @Parameters(index = "1", paramLabel = "ENV", description = "the environment waiting for approval")
    String environment;

    @Mixin
    OutputOptions output;

    /** {@code approve} or {@code reject}. */
    abstract String action();

    abstract String reason();

    @Override
    int execute() {
        Map<String, Object> body = new HashMap<>();
        body.put("reason", reason());
        JsonNode decision = gateway().post("/api/runs/" + ApiClient.segment(runId) + "/environments/"
                + ApiClient.segment(environment) + "/" + action(), body);
        if (output.json()) {
            OutputOptions.printJson(out(), decision);
            return ExitCode.OK;
        }
        return done(decision.path("decision").asText(action()).toLowerCase(Locale.ROOT) + " " + environment
                + " of run " + runId + " (event " + decision.path("eventId").asText() + ")");
    }
}

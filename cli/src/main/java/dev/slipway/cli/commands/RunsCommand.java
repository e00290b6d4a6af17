package dev.slipway.cli.commands;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCode;
import dev.slipway.cli.output.OutputOptions;
import dev.slipway.cli.output.Table;
import dev.slipway.cli.output.Times;
import dev.slipway.cli.run.RunView;
import dev.slipway.contracts.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code slipway runs}: the newest runs first. */
@Command(name = "runs", description = "List runs, newest first.")
public class RunsCommand extends ApiCommand {

    /** The run statuses the gateway filters by. */
    public enum Status {
        RUNNING, SUCCEEDED, FAILED, ROLLED_BACK, AWAITING_APPROVAL, SUPERSEDED
    }

    @Option(names = "--app", paramLabel = "APP", description = "only this application's runs")
    String app;

    @Option(names = "--status", paramLabel = "STATUS", description = "only runs in this status: ${COMPLETION-CANDIDATES}")
    Status status;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "at most N runs, 1 to 500 (default: ${DEFAULT-VALUE})")
    int limit;

    @Mixin
    OutputOptions output;

    @Override
    int execute() {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("app", app);
        query.put("status", status);
        query.put("limit", limit);
        JsonNode answer = gateway().get("/api/runs", query);
        if (output.json()) {
            OutputOptions.printJson(out(), answer);
            return ExitCode.OK;
        }
        List<RunView> runs = read(answer);
        Instant now = environment().clock().instant();
        Table table = Table.of("RUN", "APP", "STATUS", "COMMIT", "STARTED", "UPDATED");
        for (RunView run : runs) {
            table.row(run.runId(), run.app(), run.status(),
                    run.commit() == null ? null : run.commit().branch() + "@" + run.commit().shortSha(),
                    Times.age(run.startedAt(), now), Times.age(run.updatedAt(), now));
        }
        if (table.isEmpty()) {
            err().println("no runs" + (app == null ? "" : " of " + app) + (status == null ? "" : " " + status));
            err().flush();
            return ExitCode.OK;
        }
        table.print(out());
        return ExitCode.OK;
    }

    static List<RunView> read(JsonNode answer) {
        try {
            return List.of(Json.MAPPER.treeToValue(answer, RunView[].class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new CliException(ExitCode.SERVER_ERROR, "the gateway's run list is not a list of runs");
        }
    }
}

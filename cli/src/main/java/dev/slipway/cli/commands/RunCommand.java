package dev.slipway.cli.commands;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCode;
import dev.slipway.cli.output.OutputOptions;
import dev.slipway.cli.output.Table;
import dev.slipway.cli.output.Times;
import dev.slipway.cli.run.RunFollower;
import dev.slipway.cli.run.RunRenderer;
import dev.slipway.cli.run.RunView;
import dev.slipway.cli.run.RunViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway run ID [--follow]}: a run's stages, once or live until it finishes. */
@Command(name = "run", description = {"Show a run: each stage with its status, progress and duration.",
        "With --follow, watch it live until it finishes (canary steps with their traffic weight and analysis); "
                + "exits 1 when the run fails, is rolled back or is superseded."})
public class RunCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "RUN", description = "the run id")
    String runId;

    @Option(names = {"-f", "--follow"}, description = "watch until the run finishes")
    boolean follow;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2", description = "with --follow: re-read the run at least this often (default: ${DEFAULT-VALUE})")
    int interval;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "with --follow: give up (exit 10) after this long")
    Integer timeout;

    @Option(names = "--events", description = "also list the run's events and replays")
    boolean events;

    @Mixin
    OutputOptions output;

    @Override
    int execute() {
        if (!follow) {
            RunFollower.Snapshot snapshot = RunFollower.read(gateway(), runId, Map.of(),
                    environment().clock().instant());
            if (output.json()) {
                OutputOptions.printJson(out(), snapshot.raw());
                return ExitCode.OK;
            }
            RunRenderer.render(snapshot.run(), Map.of(), snapshot.at()).forEach(out()::println);
            if (events) {
                printEvents(snapshot.detail());
            }
            out().flush();
            return ExitCode.OK;
        }
        boolean redraw = !output.json() && environment().redrawableTerminal();
        RunFollower.View view = output.json()
                ? RunViews.jsonLines(out())
                : redraw ? RunViews.redraw(out()) : RunViews.changes(out());
        // On a terminal the redrawn view is the whole story; elsewhere a note on standard error says how it follows.
        Consumer<String> notices = redraw ? notice -> {
        } : notice -> {
            err().println("slipway: " + notice);
            err().flush();
        };
        RunFollower follower = new RunFollower(gateway(), environment().clock(),
                Duration.ofSeconds(Math.max(1, interval)), timeout == null ? null : Duration.ofSeconds(timeout),
                notices);
        RunView finished = follower.follow(runId, view);
        if (!finished.succeeded()) {
            throw new CliException(ExitCode.RUN_FAILED, "run " + runId + " " + finished.status() + failure(finished));
        }
        return ExitCode.OK;
    }

    private static String failure(RunView run) {
        return run.stages().stream().filter(RunView.StageView::failed).findFirst()
                .map(stage -> ": " + stage.label() + " " + stage.status()
                        + (stage.reason() == null ? "" : " (" + stage.reason() + ")"))
                .orElse("");
    }

    private void printEvents(RunView.Detail detail) {
        out().println();
        Table table = Table.of("TIME", "TYPE", "EVENT", "CAUSED BY", "REPLAY OF");
        for (RunView.EventView event : detail.run().events()) {
            table.row(event.time(), event.type(), event.eventId(), event.causationId(), event.replayOf());
        }
        table.print(out());
        if (!detail.replays().isEmpty()) {
            out().println();
            Table replays = Table.of("REPLAYED", "STAGE", "BY", "AGO", "REASON");
            for (RunView.Replay replay : detail.replays()) {
                replays.row(replay.eventId(), replay.stage(), replay.requestedBy(),
                        Times.age(replay.requestedAt(), environment().clock().instant()), replay.reason());
            }
            replays.print(out());
        }
    }
}

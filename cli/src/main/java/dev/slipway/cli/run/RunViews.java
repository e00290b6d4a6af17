package dev.slipway.cli.run;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.cli.output.OutputOptions;

/** The ways {@code slipway run --follow} shows a run. */
public final class RunViews {

    private RunViews() {
    }

    /** On a terminal: the whole view, redrawn in place. */
    public static RunFollower.View redraw(PrintWriter out) {
        return new RunFollower.View() {
            private int drawn;

            @Override
            public void show(RunFollower.Snapshot snapshot) {
                List<String> lines = RunRenderer.render(snapshot.run(), snapshot.canaries(), snapshot.at());
                StringBuilder text = new StringBuilder();
                if (drawn > 0) {
                    // Up to the first line drawn last time, then clear to the end of the screen.
                    text.append("\033[").append(drawn).append("F\033[J");
                }
                lines.forEach(line -> text.append(line).append('\n'));
                out.print(text);
                out.flush();
                drawn = lines.size();
            }
        };
    }

    /** In a pipe or a CI log: the header, then each stage line once more whenever it changes. */
    public static RunFollower.View changes(PrintWriter out) {
        return new RunFollower.View() {
            private final Map<String, String> shown = new HashMap<>();
            private String status;

            @Override
            public void show(RunFollower.Snapshot snapshot) {
                RunView run = snapshot.run();
                if (!run.status().equals(status)) {
                    out.println(RunRenderer.header(run));
                    status = run.status();
                }
                int width = RunRenderer.labelWidth(run);
                for (RunView.StageView stage : run.stages()) {
                    String line = RunRenderer.stageLine(stage, RunRenderer.canaryOf(stage, snapshot.canaries()),
                            width, null);
                    String key = line.replaceAll("\\s+", " ").strip();
                    if (!key.equals(shown.get(stage.label()))) {
                        out.println(line);
                        shown.put(stage.label(), key);
                    }
                }
                out.flush();
            }
        };
    }

    /** {@code -o json}: the gateway's answer as one line of JSON whenever it changes. */
    public static RunFollower.View jsonLines(PrintWriter out) {
        return new RunFollower.View() {
            private String last;

            @Override
            public void show(RunFollower.Snapshot snapshot) {
                String text = snapshot.raw().toString();
                if (!text.equals(last)) {
                    OutputOptions.printJsonLine(out, snapshot.raw());
                    last = text;
                }
            }
        };
    }
}

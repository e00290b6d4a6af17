package dev.slipway.cli.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.slipway.cli.output.Times;
import dev.slipway.contracts.events.DeployProgressed.AnalysisResult;
import dev.slipway.contracts.events.DeployProgressed.CanaryProgress;

/**
 * Draws a run for a terminal: a header, then a line per stage with its status, a progress bar, its duration and what
 * it is doing; a canary shows its step and traffic weight with the latest analysis values against their thresholds.
 * Plain ASCII, so it survives any terminal and any log.
 *
 * <pre>
 * run 5f0c9a3e-...  hello  RUNNING  main@3f6c2a9e8b7d  [##############------] 4/6
 *   ACCEPT              SUCCEEDED  [####################] 100%
 *   BUILD               SUCCEEDED  [####################] 100%  4.2s
 *   DEPLOY production   RUNNING    [#####---------------]  25%        canary step 2/3 at 25%: error-rate 0.01 (<= 0.05) ok
 * </pre>
 */
public final class RunRenderer {

    static final int BAR_WIDTH = 20;
    private static final int STATUS_WIDTH = "AWAITING_APPROVAL".length();

    private RunRenderer() {
    }

    /**
     * The whole view.
     *
     * @param canaries the latest canary progress per environment, from the live event stream
     * @param now for the elapsed time of running stages, or null to leave it out (a log of changes)
     */
    public static List<String> render(RunView run, Map<String, CanaryProgress> canaries, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add(header(run));
        int width = labelWidth(run);
        for (RunView.StageView stage : run.stages()) {
            lines.add(stageLine(stage, canaryOf(stage, canaries), width, now));
        }
        return lines;
    }

    /** The canary progress of a stage's environment, if the stream told of one. */
    public static CanaryProgress canaryOf(RunView.StageView stage, Map<String, CanaryProgress> canaries) {
        return stage.environment() == null ? null : canaries.get(stage.environment());
    }

    /** {@code run <id>  <app>  <status>  <branch>@<sha>  [####----] done/total}. */
    public static String header(RunView run) {
        long done = run.stages().stream().filter(s -> "SUCCEEDED".equals(s.status())).count();
        int total = run.stages().size();
        StringBuilder line = new StringBuilder("run ").append(run.runId()).append("  ").append(run.app()).append("  ")
                .append(run.status());
        if (run.commit() != null) {
            line.append("  ").append(run.commit().branch()).append('@').append(run.commit().shortSha());
        }
        if (total > 0) {
            line.append("  ").append(bar((double) done / total, '#')).append(' ').append(done).append('/')
                    .append(total);
        }
        return line.toString();
    }

    public static int labelWidth(RunView run) {
        return run.stages().stream().mapToInt(s -> s.label().length()).max().orElse(0);
    }

    /** One stage's line, its label padded to {@code labelWidth}. */
    public static String stageLine(RunView.StageView stage, CanaryProgress canary, int labelWidth, Instant now) {
        Integer percent = percent(stage, canary);
        String progress = stage.failed()
                ? bar(1, 'x')
                : percent == null ? "[>" + "-".repeat(BAR_WIDTH - 1) + "]" : bar(percent / 100.0, '#');
        String time = Times.duration(stage.durationMillis());
        if (time == null && now != null && stage.startedAt() != null && stage.finishedAt() == null) {
            time = Times.duration(Math.max(0, Duration.between(stage.startedAt(), now).toMillis()));
        }
        StringBuilder line = new StringBuilder("  ").append(pad(stage.label(), labelWidth)).append("  ")
                .append(pad(stage.status(), STATUS_WIDTH)).append("  ").append(progress).append(' ')
                .append(percent == null || stage.failed() ? "    " : String.format(Locale.ROOT, "%3d%%", percent))
                .append("  ").append(pad(time == null ? "" : time, 6));
        String note = note(stage, canary);
        if (!note.isEmpty()) {
            line.append("  ").append(note);
        }
        return line.toString().stripTrailing();
    }

    /**
     * How far a stage is: 100 when it succeeded, 0 while pending or waiting, the canary's traffic weight while a canary
     * runs, null while running without a measure.
     */
    static Integer percent(RunView.StageView stage, CanaryProgress canary) {
        return switch (stage.status()) {
            case "SUCCEEDED" -> 100;
            case "PENDING", "AWAITING_APPROVAL", "SUPERSEDED" -> 0;
            case "RUNNING" -> canary == null ? null : Math.max(0, Math.min(100, canary.weight()));
            default -> null;
        };
    }

    static String note(RunView.StageView stage, CanaryProgress canary) {
        List<String> parts = new ArrayList<>();
        boolean live = "RUNNING".equals(stage.status()) || "AWAITING_APPROVAL".equals(stage.status());
        if (canary != null && live) {
            parts.add(canary(canary));
        } else if (stage.failed() && stage.reason() != null) {
            parts.add(stage.reason() + (stage.message() == null ? "" : ": " + stage.message()));
        } else if (stage.message() != null) {
            parts.add(stage.message());
        }
        if ("AWAITING_APPROVAL".equals(stage.status())) {
            parts.add("waiting for approval");
        }
        return String.join("; ", parts);
    }

    /** {@code canary step 2/3 at 25%: error-rate 0.01 (<= 0.05) ok, kubernetes (ready, no restarts) ok}. */
    public static String canary(CanaryProgress canary) {
        StringBuilder text = new StringBuilder("canary step ").append(canary.step()).append('/')
                .append(canary.steps()).append(" at ").append(canary.weight()).append('%');
        if (canary.failures() > 0) {
            text.append(", ").append(canary.failures()).append(canary.failures() == 1
                    ? " failed analysis"
                    : " failed analyses");
        }
        if (!canary.analysis().isEmpty()) {
            List<String> checks = new ArrayList<>();
            for (AnalysisResult result : canary.analysis()) {
                StringBuilder check = new StringBuilder(result.name());
                if (result.value() != null) {
                    check.append(' ').append(number(result.value()));
                }
                if (result.threshold() != null) {
                    check.append(" (").append(result.threshold()).append(')');
                }
                check.append(result.passed() ? " ok" : " FAILED");
                checks.add(check.toString());
            }
            text.append(": ").append(String.join(", ", checks));
        }
        return text.toString();
    }

    /** {@code [#####---------------]} for a fraction between 0 and 1. */
    static String bar(double fraction, char fill) {
        int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * BAR_WIDTH);
        return "[" + String.valueOf(fill).repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "]";
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.4g", value).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}

package dev.slipway.e2e.follow;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.contracts.Topics;

/**
 * Tells a run's events as lines for people: each stage as it starts and ends with its duration, each canary step with
 * its weight and the analysis values against their thresholds, and each outcome. Plain Java, one instance per
 * terminal; it remembers when each run's stages started to give their durations.
 */
public final class RunNarrator {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(
            ZoneId.systemDefault());

    /** When each run's current stage input arrived, by run and topic. */
    private final Map<String, Map<String, Instant>> seen = new HashMap<>();

    /** The line for {@code event}, or empty for an event that adds nothing to read. */
    public synchronized Optional<String> line(PipelineEvent event) {
        Map<String, Instant> times = seen.computeIfAbsent(event.runId(), r -> new HashMap<>());
        String text = event.replayOf() == null ? describe(event, times) : replayed(event);
        times.put(event.topic(), event.time());
        if (text == null) {
            return Optional.empty();
        }
        String run = event.runId().length() > 8 ? event.runId().substring(0, 8) : event.runId();
        return Optional.of(String.format(Locale.ROOT, "%s  run %-8s  %-8s %s", CLOCK.format(event.time()), run,
                stageOf(event.topic(), event.payload()), text));
    }

    private static String stageOf(String topic, JsonNode payload) {
        return switch (topic) {
            case Topics.COMMIT_PUSHED -> "push";
            case Topics.IMAGE_BUILT -> "build";
            case Topics.CHART_PUBLISHED -> "chart";
            case Topics.SECRETS_SYNCED -> "secrets";
            case Topics.BACKUP_REQUESTED, Topics.BACKUP_DONE -> "backup";
            case Topics.APPROVAL_GIVEN -> "approval";
            case Topics.STAGE_FAILED -> text(payload, "stage") == null
                    ? "failed"
                    : text(payload, "stage").toLowerCase(Locale.ROOT);
            default -> "deploy";
        };
    }

    private static String describe(PipelineEvent event, Map<String, Instant> times) {
        JsonNode p = event.payload();
        return switch (event.topic()) {
            case Topics.COMMIT_PUSHED -> "accepted " + shortSha(p.path("commit").path("sha").asText()) + " on "
                    + p.path("commit").path("branch").asText() + " by " + p.path("author").asText("?") + ": \""
                    + p.path("message").asText("") + "\"; building";
            case Topics.IMAGE_BUILT -> "done in " + seconds(Duration.ofMillis(p.path("buildMillis").asLong()))
                    + ": image " + p.path("image").path("repository").asText() + "@"
                    + shortDigest(p.path("image").path("digest").asText()) + " (" + p.path("layerCount").asInt()
                    + " layers, " + bytes(p.path("sizeBytes").asLong()) + ")";
            case Topics.CHART_PUBLISHED -> "done" + since(times.get(Topics.IMAGE_BUILT), event.time()) + ": chart "
                    + p.path("chart").path("repository").asText() + "/" + p.path("chart").path("name").asText() + ":"
                    + p.path("chart").path("version").asText();
            case Topics.SECRETS_SYNCED -> event.environment() + ": " + p.path("secretName").asText() + " synced ("
                    + keys(p.path("keys")) + ")";
            case Topics.BACKUP_REQUESTED -> event.environment() + ": backing up database "
                    + p.path("database").path("name").asText() + " (" + p.path("trigger").asText().toLowerCase(
                            Locale.ROOT).replace('_', '-')
                    + ")";
            case Topics.BACKUP_DONE -> backupDone(event, p);
            case Topics.DEPLOY_PROGRESSED -> progressed(event, p);
            case Topics.DEPLOYED -> event.environment() + ": " + p.path("outcome").asText() + " in "
                    + seconds(between(p, "startedAt", "finishedAt")) + " (" + lower(p, "strategy") + ", revision "
                    + p.path("revision").asInt() + (p.path("canarySteps").asInt() > 0
                            ? ", " + p.path("canarySteps").asInt() + " canary steps"
                            : "")
                    + ")" + (text(p, "reason") == null ? "" : ": " + text(p, "reason"));
            case Topics.APPROVAL_GIVEN -> event.environment() + ": " + lower(p, "decision") + " by "
                    + p.path("by").asText();
            case Topics.STAGE_FAILED -> "FAILED" + (event.environment() == null ? "" : " in " + event.environment())
                    + ": " + p.path("reason").asText() + (p.path("retriable").asBoolean() ? " (retriable)" : "")
                    + ": " + p.path("message").asText();
            default -> null;
        };
    }

    /** A stage's input published again by an SRE's replay. */
    private static String replayed(PipelineEvent event) {
        return switch (event.topic()) {
            case Topics.COMMIT_PUSHED -> "replayed by an SRE: building again";
            case Topics.IMAGE_BUILT -> "replayed by an SRE: publishing the chart again";
            case Topics.CHART_PUBLISHED -> "replayed by an SRE: deploying "
                    + event.payload().path("chart").path("version").asText() + " again";
            case Topics.BACKUP_REQUESTED -> "replayed by an SRE: backing up again";
            default -> "replayed by an SRE";
        };
    }

    private static String progressed(PipelineEvent event, JsonNode p) {
        String env = event.environment();
        String phase = p.path("phase").asText();
        JsonNode canary = p.path("canary");
        return switch (phase) {
            case "PLANNED" -> env + ": planned " + plan(p.path("plan"));
            case "APPLIED" -> env + ": applied; waiting for the rollout";
            case "CANARY_STEP" -> env + ": canary step " + canary.path("step").asInt() + "/"
                    + canary.path("steps").asInt() + " at " + canary.path("weight").asInt() + "% of traffic";
            case "ANALYSIS" -> env + ": analysis of step " + canary.path("step").asInt() + "/"
                    + canary.path("steps").asInt() + ": " + analysis(canary.path("analysis"));
            case "PROMOTED" -> env + ": canary promoted to stable";
            case "ROLLING_BACK" -> env + ": rolling back" + (text(p, "message") == null
                    ? ""
                    : ": " + text(p, "message"));
            case "WAITING" -> env + ": waiting" + (text(p, "message") == null ? "" : ": " + text(p, "message"));
            case "AWAITING_APPROVAL" -> env + ": awaiting approval";
            default -> env + ": " + phase.toLowerCase(Locale.ROOT);
        };
    }

    private static String backupDone(PipelineEvent event, JsonNode p) {
        String took = seconds(between(p, "startedAt", "finishedAt"));
        if (!"SUCCEEDED".equals(text(p, "outcome"))) {
            return event.environment() + ": backup FAILED in " + took + ": " + p.path("reason").asText();
        }
        JsonNode verification = p.path("verification");
        String drill = verification.path("restored").asBoolean()
                ? "; restore drill: " + verification.path("tables").asInt() + " table(s), "
                        + verification.path("rows").asLong() + " rows"
                        + (verification.path("probePassed").asBoolean(false) ? ", probe passed" : "")
                : "; not drilled";
        return event.environment() + ": done in " + took + ": " + bytes(p.path("object").path("sizeBytes").asLong())
                + " encrypted in " + p.path("object").path("bucket").asText() + drill;
    }

    private static String plan(JsonNode plan) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        plan.forEach(change -> counts.merge(change.path("action").asText().toLowerCase(Locale.ROOT), 1,
                Integer::sum));
        if (counts.isEmpty()) {
            return "(no objects)";
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((action, count) -> parts.add(count + " " + action));
        return String.join(", ", parts);
    }

    private static String analysis(JsonNode results) {
        List<String> parts = new ArrayList<>();
        for (JsonNode result : results) {
            String name = result.path("name").asText();
            String message = text(result, "message");
            if (!result.path("passed").asBoolean() && message != null && message.startsWith("inconclusive")) {
                // No data is not a failure: the canary waits at its step.
                parts.add(name + " " + message);
                continue;
            }
            String verdict = result.path("passed").asBoolean() ? "pass" : "FAIL";
            JsonNode value = result.path("value");
            String measured = value.isNumber() ? String.format(Locale.ROOT, "%.3f", value.asDouble()) : null;
            String threshold = text(result, "threshold");
            StringBuilder part = new StringBuilder(name);
            if (measured != null) {
                part.append(' ').append(measured);
                if (threshold != null) {
                    part.append(" (").append(threshold).append(')');
                }
            }
            part.append(' ').append(verdict);
            if (!result.path("passed").asBoolean() && message != null) {
                part.append(": ").append(message);
            }
            parts.add(part.toString());
        }
        return parts.isEmpty() ? "(no checks)" : String.join(", ", parts);
    }

    private static String keys(JsonNode keys) {
        List<String> parts = new ArrayList<>();
        keys.forEach(k -> parts.add(k.path("key").asText() + " v" + k.path("version").asInt()));
        return parts.isEmpty() ? "no keys" : String.join(", ", parts);
    }

    private static Duration between(JsonNode p, String from, String to) {
        try {
            return Duration.between(Instant.parse(p.path(from).asText()), Instant.parse(p.path(to).asText()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String since(Instant start, Instant end) {
        return start == null ? "" : " in " + seconds(Duration.between(start, end));
    }

    static String seconds(Duration duration) {
        if (duration == null) {
            return "?";
        }
        return String.format(Locale.ROOT, "%.1fs", Math.max(0, duration.toMillis()) / 1000.0);
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    private static String shortSha(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }

    private static String shortDigest(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) + "..." : digest;
    }

    private static String lower(JsonNode p, String field) {
        String value = text(p, field);
        return value == null ? "?" : value.toLowerCase(Locale.ROOT);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText() : null;
    }
}

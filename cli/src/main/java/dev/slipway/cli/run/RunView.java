package dev.slipway.cli.run;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.slipway.contracts.events.CommitRef;

/**
 * A run as {@code GET /api/runs} and {@code GET /api/runs/{id}} show it. Statuses stay text, so a status added to the
 * gateway later still prints.
 *
 * @param status {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED}, {@code ROLLED_BACK}, {@code AWAITING_APPROVAL},
 *        {@code SUPERSEDED}
 * @param stages in the order they started; null in lists
 * @param events oldest first; null in lists
 */
public record RunView(String runId, String app, String status, CommitRef commit, Instant startedAt, Instant updatedAt,
        List<StageView> stages, List<EventView> events) {

    /** The statuses after which a run does not move on by itself. */
    public static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED", "ROLLED_BACK", "SUPERSEDED");

    public RunView {
        stages = stages == null ? List.of() : List.copyOf(stages);
        events = events == null ? List.of() : List.copyOf(events);
    }

    public boolean finished() {
        return FINISHED.contains(status);
    }

    public boolean succeeded() {
        return "SUCCEEDED".equals(status);
    }

    /**
     * One stage, per environment for deploy, secrets and backup.
     *
     * @param status {@code PENDING}, {@code RUNNING}, {@code AWAITING_APPROVAL}, {@code SUCCEEDED}, {@code FAILED},
     *        {@code ROLLED_BACK}, {@code REJECTED}, {@code SUPERSEDED}
     */
    public record StageView(String stage, String environment, String status, Instant startedAt, Instant finishedAt,
            Long durationMillis, String reason, String message, String inputEventId, String lastEventId) {

        /** {@code BUILD}, {@code DEPLOY production}. */
        public String label() {
            return environment == null ? stage : stage + " " + environment;
        }

        public boolean failed() {
            return "FAILED".equals(status) || "ROLLED_BACK".equals(status) || "REJECTED".equals(status);
        }
    }

    /** An event of the run, without its payload. */
    public record EventView(String eventId, String type, String topic, String source, Instant time,
            String causationId, String replayOf) {
    }

    /** {@code GET /api/runs/{id}}: the run and the replays made in it. */
    public record Detail(RunView run, List<Replay> replays) {

        public Detail {
            replays = replays == null ? List.of() : List.copyOf(replays);
        }
    }

    /** A replay of a stage: who asked, when and why. */
    public record Replay(String id, String runId, String stage, String replayOf, String eventId, String topic,
            String requestedBy, String reason, boolean forced, Instant requestedAt) {
    }
}

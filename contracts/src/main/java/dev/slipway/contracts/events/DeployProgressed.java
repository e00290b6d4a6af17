package dev.slipway.contracts.events;

import java.util.List;

/**
 * A step of a release in one environment: the plan, an applied change, a canary step, a wait for approval. Produced
 * by deploy-service, consumed by gateway-service (the run timeline).
 *
 * @param app the application
 * @param environment the environment
 * @param namespace its namespace
 * @param release the release name (stable across a run and environment)
 * @param phase what happened
 * @param message a line for people
 * @param plan the object-level plan, on {@link Phase#PLANNED}
 * @param canary canary progress, on canary phases
 */
public record DeployProgressed(
        String app,
        String environment,
        String namespace,
        String release,
        Phase phase,
        String message,
        List<PlannedChange> plan,
        CanaryProgress canary) implements Event {

    public DeployProgressed {
        plan = plan == null ? List.of() : List.copyOf(plan);
    }

    public enum Phase {
        /** Waiting for the environment before it, or for a pre-deploy backup. */
        WAITING,
        /** An SRE must approve or reject. */
        AWAITING_APPROVAL,
        /** The plan against the live cluster was computed. */
        PLANNED,
        /** Objects were applied. */
        APPLIED,
        /** A canary step started (weight set). */
        CANARY_STEP,
        /** An analysis run finished. */
        ANALYSIS,
        /** The canary was promoted to stable. */
        PROMOTED,
        /** Rolling back to the previous release. */
        ROLLING_BACK
    }

    /** What an apply will do to one object. */
    public enum Action {
        CREATE, CHANGE, UNCHANGED, PRUNE
    }

    /**
     * @param fields the changed field paths, for {@link Action#CHANGE}
     */
    public record PlannedChange(String kind, String namespace, String name, Action action, List<String> fields) {
        public PlannedChange {
            fields = fields == null ? List.of() : List.copyOf(fields);
        }
    }

    /**
     * @param step the 1-based step
     * @param steps the number of steps
     * @param weight the canary's share of traffic, percent
     * @param failures failed analysis runs so far
     * @param analysis the latest analysis values
     */
    public record CanaryProgress(int step, int steps, int weight, int failures, List<AnalysisResult> analysis) {
        public CanaryProgress {
            analysis = analysis == null ? List.of() : List.copyOf(analysis);
        }
    }

    /**
     * One check of an analysis run.
     *
     * @param name the metric's name, {@code http} or {@code kubernetes}
     * @param value the measured value, or null when not numeric or not measured
     * @param threshold the bound it was held to, for people ({@code <= 0.05})
     * @param passed whether it passed
     * @param message why it failed, or null
     */
    public record AnalysisResult(String name, Double value, String threshold, boolean passed, String message) {
    }
}

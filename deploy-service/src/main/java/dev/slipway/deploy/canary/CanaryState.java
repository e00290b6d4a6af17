package dev.slipway.deploy.canary;

import java.time.Instant;

/**
 * Where a canary is. Stored in the cluster with the release, so another instance resumes it.
 *
 * @param step the 0-based step reached
 * @param stepStartedAt when that step's weight was set
 * @param lastAnalysisAt when the last analysis finished (or the step started), from which the next is due
 * @param failures failed analyses so far, over all steps
 * @param inconclusive consecutive inconclusive analyses; non-zero means paused
 */
public record CanaryState(int step, Instant stepStartedAt, Instant lastAnalysisAt, int failures, int inconclusive) {

    /** A canary at its first step, started {@code now}. */
    public static CanaryState start(Instant now) {
        return new CanaryState(0, now, now, 0, 0);
    }

    public boolean paused() {
        return inconclusive > 0;
    }
}

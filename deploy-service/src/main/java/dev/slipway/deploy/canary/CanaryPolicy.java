package dev.slipway.deploy.canary;

import java.time.Duration;
import java.util.List;

/**
 * The rules of one canary.
 *
 * @param steps canary weights, percent, increasing
 * @param interval how long each step is held before its analysis
 * @param failureLimit failed analyses tolerated; one more rolls back
 * @param inconclusiveLimit consecutive inconclusive analyses tolerated while paused; one more rolls back
 */
public record CanaryPolicy(List<Integer> steps, Duration interval, int failureLimit, int inconclusiveLimit) {

    public CanaryPolicy {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a canary needs at least one step");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("a canary interval must be positive");
        }
    }

    public int weight(int step) {
        return steps.get(step);
    }

    public boolean isLast(int step) {
        return step == steps.size() - 1;
    }
}

package dev.slipway.deploy.canary;

import java.time.Instant;

import dev.slipway.deploy.canary.CanaryDecision.Action;

/**
 * The canary's state machine, a pure function of its state, an analysis verdict and the time. Each step is held for
 * an interval and analysed at its end: a pass moves to the next step (or promotes after the last), a failure counts
 * against the failure limit and, past it, rolls back at once, and an inconclusive result pauses at the current weight
 * without counting a failure, up to the inconclusive limit.
 */
public final class CanaryMachine {

    private CanaryMachine() {
    }

    /** Whether the step's interval has passed since the last analysis, so the next analysis is due. */
    public static boolean analysisDue(CanaryPolicy policy, CanaryState state, Instant now) {
        return !now.isBefore(state.lastAnalysisAt().plus(policy.interval()));
    }

    /** The decision after an analysis that ended {@code now} with {@code verdict}. */
    public static CanaryDecision decide(CanaryPolicy policy, CanaryState state, Verdict verdict, Instant now) {
        int steps = policy.steps().size();
        String at = "step " + (state.step() + 1) + "/" + steps + " (" + policy.weight(state.step()) + "%)";
        return switch (verdict) {
            case PASS -> {
                if (policy.isLast(state.step())) {
                    yield new CanaryDecision(Action.PROMOTE,
                            new CanaryState(state.step(), state.stepStartedAt(), now, state.failures(), 0),
                            "analysis passed at the last " + at + ": promoting");
                }
                int next = state.step() + 1;
                yield new CanaryDecision(Action.ADVANCE, new CanaryState(next, now, now, state.failures(), 0),
                        "analysis passed at " + at + ": step " + (next + 1) + "/" + steps + " ("
                                + policy.weight(next) + "%)");
            }
            case FAIL -> {
                int failures = state.failures() + 1;
                CanaryState next = new CanaryState(state.step(), state.stepStartedAt(), now, failures, 0);
                if (failures > policy.failureLimit()) {
                    yield new CanaryDecision(Action.ROLLBACK, next, "analysis failed at " + at + " (" + failures
                            + " failure(s), limit " + policy.failureLimit() + "): rolling back");
                }
                yield new CanaryDecision(Action.HOLD, next, "analysis failed at " + at + " (" + failures
                        + " failure(s), limit " + policy.failureLimit() + "): holding");
            }
            case INCONCLUSIVE -> {
                int inconclusive = state.inconclusive() + 1;
                CanaryState next = new CanaryState(state.step(), state.stepStartedAt(), now, state.failures(),
                        inconclusive);
                if (inconclusive > policy.inconclusiveLimit()) {
                    yield new CanaryDecision(Action.ROLLBACK, next, "analysis inconclusive " + inconclusive
                            + " time(s) in a row at " + at + ": rolling back");
                }
                yield new CanaryDecision(Action.PAUSE, next, "analysis inconclusive at " + at + ": paused");
            }
        };
    }
}

package dev.slipway.deploy.canary;

/**
 * What to do after an analysis.
 *
 * @param action the action
 * @param state the canary's state afterwards
 * @param reason a line for people
 */
public record CanaryDecision(Action action, CanaryState state, String reason) {

    public enum Action {
        /** Set the next step's weight. */
        ADVANCE,
        /** A failure within the limit: keep the weight, analyse again after an interval. */
        HOLD,
        /** Inconclusive: keep the weight, do not count a failure, analyse again after an interval. */
        PAUSE,
        /** The last step passed: the stable track takes the new version. */
        PROMOTE,
        /** Traffic back to stable, canary removed. */
        ROLLBACK
    }
}

package dev.slipway.deploy.canary;

/** The result of one analysis run. */
public enum Verdict {
    /** Every check passed. */
    PASS,
    /** A check failed. */
    FAIL,
    /** No check failed, but at least one could not decide (no data, the metrics server did not answer). */
    INCONCLUSIVE
}

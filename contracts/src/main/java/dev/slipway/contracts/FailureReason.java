package dev.slipway.contracts;

/**
 * Why a stage failed, as it crosses a service boundary. {@link #retriable()} tells an SRE (and the stage's own retry
 * loop) whether the same input may succeed later.
 */
public enum FailureReason {
    /** The input itself is wrong (a bad {@code slipway.yaml}, a failing build command): replaying it fails again. */
    INVALID_INPUT(false),
    /** The target holds state Slipway does not own (a server-side apply conflict): needs a person. */
    CONFLICT(false),
    /** A dependency (registry, cluster, database, bucket) did not answer: may succeed later. */
    UNAVAILABLE(true),
    /** The work did not finish in its time limit: may succeed later. */
    TIMEOUT(true),
    /** A defect in Slipway: replaying will not help until it is fixed. */
    INTERNAL(false);

    private final boolean retriable;

    FailureReason(boolean retriable) {
        this.retriable = retriable;
    }

    public boolean retriable() {
        return retriable;
    }
}

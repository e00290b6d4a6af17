package dev.slipway.contracts;

/** The lifecycle stages of a run, as named in {@code stage-failed} events and in replay requests. */
public enum Stage {
    /** Webhook accepted, {@code commit-pushed} emitted. */
    ACCEPT,
    /** {@code commit-pushed} to {@code image-built}. */
    BUILD,
    /** {@code image-built} to {@code chart-published}. */
    CHART,
    /** {@code chart-published} to {@code deployed}, per environment. */
    DEPLOY,
    /** Secrets into the cluster. */
    SECRETS,
    /** {@code backup-requested} to {@code backup-done}. */
    BACKUP;

    /** The topic whose events this stage consumes, so a replay knows what to re-emit. */
    public String inputTopic() {
        return switch (this) {
            case ACCEPT -> null;
            case BUILD -> Topics.COMMIT_PUSHED;
            case CHART -> Topics.IMAGE_BUILT;
            case DEPLOY -> Topics.CHART_PUBLISHED;
            case SECRETS -> Topics.CHART_PUBLISHED;
            case BACKUP -> Topics.BACKUP_REQUESTED;
        };
    }
}

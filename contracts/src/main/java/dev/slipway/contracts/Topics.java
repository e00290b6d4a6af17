package dev.slipway.contracts;

/**
 * Kafka topic names. Every topic is keyed by the application name, so one application's events stay in order on one
 * partition. Also used as channel names in {@code @Incoming}/{@code @Outgoing}.
 */
public final class Topics {

    public static final String COMMIT_PUSHED = "commit-pushed";
    public static final String IMAGE_BUILT = "image-built";
    public static final String CHART_PUBLISHED = "chart-published";
    public static final String DEPLOY_PROGRESSED = "deploy-progressed";
    public static final String DEPLOYED = "deployed";
    public static final String BACKUP_REQUESTED = "backup-requested";
    public static final String BACKUP_DONE = "backup-done";
    public static final String SECRETS_SYNCED = "secrets-synced";
    public static final String APPROVAL_GIVEN = "approval-given";
    public static final String STAGE_FAILED = "stage-failed";

    /** Suffix of a topic's dead-letter topic. */
    public static final String DLQ_SUFFIX = ".dlq";

    /** Every pipeline topic, in lifecycle order. */
    public static final java.util.List<String> ALL = java.util.List.of(COMMIT_PUSHED, IMAGE_BUILT, CHART_PUBLISHED,
            DEPLOY_PROGRESSED, DEPLOYED, BACKUP_REQUESTED, BACKUP_DONE, SECRETS_SYNCED, APPROVAL_GIVEN, STAGE_FAILED);

    /** The dead-letter topic of {@code topic}. */
    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }

    private Topics() {
    }
}

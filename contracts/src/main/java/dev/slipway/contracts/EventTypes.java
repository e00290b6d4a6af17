package dev.slipway.contracts;

/**
 * CloudEvent {@code type} attributes, one per topic. A breaking payload change is a new type ({@code ...v2}); changes
 * within a version are additive.
 */
public final class EventTypes {

    public static final String COMMIT_PUSHED = "dev.slipway.commit.pushed.v1";
    public static final String IMAGE_BUILT = "dev.slipway.image.built.v1";
    public static final String CHART_PUBLISHED = "dev.slipway.chart.published.v1";
    public static final String DEPLOY_PROGRESSED = "dev.slipway.deploy.progressed.v1";
    public static final String DEPLOYED = "dev.slipway.deployed.v1";
    public static final String BACKUP_REQUESTED = "dev.slipway.backup.requested.v1";
    public static final String BACKUP_DONE = "dev.slipway.backup.done.v1";
    public static final String SECRETS_SYNCED = "dev.slipway.secrets.synced.v1";
    public static final String APPROVAL_GIVEN = "dev.slipway.approval.given.v1";
    public static final String STAGE_FAILED = "dev.slipway.stage.failed.v1";

    private EventTypes() {
    }
}

package dev.slipway.contracts;

import java.util.Arrays;
import java.util.Optional;

import dev.slipway.contracts.events.ApprovalGiven;
import dev.slipway.contracts.events.BackupDone;
import dev.slipway.contracts.events.BackupRequested;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.events.CommitPushed;
import dev.slipway.contracts.events.DeployProgressed;
import dev.slipway.contracts.events.Deployed;
import dev.slipway.contracts.events.Event;
import dev.slipway.contracts.events.ImageBuilt;
import dev.slipway.contracts.events.SecretsSynced;
import dev.slipway.contracts.events.StageFailed;

/** Each event Slipway emits: its topic, its CloudEvent type, its payload record and its JSON Schema. */
public enum EventKind {
    COMMIT_PUSHED(Topics.COMMIT_PUSHED, EventTypes.COMMIT_PUSHED, CommitPushed.class), IMAGE_BUILT(Topics.IMAGE_BUILT,
            EventTypes.IMAGE_BUILT, ImageBuilt.class), CHART_PUBLISHED(Topics.CHART_PUBLISHED,
                    EventTypes.CHART_PUBLISHED, ChartPublished.class), DEPLOY_PROGRESSED(Topics.DEPLOY_PROGRESSED,
                            EventTypes.DEPLOY_PROGRESSED, DeployProgressed.class), DEPLOYED(Topics.DEPLOYED,
                                    EventTypes.DEPLOYED, Deployed.class), BACKUP_REQUESTED(Topics.BACKUP_REQUESTED,
                                            EventTypes.BACKUP_REQUESTED, BackupRequested.class), BACKUP_DONE(
                                                    Topics.BACKUP_DONE, EventTypes.BACKUP_DONE,
                                                    BackupDone.class), SECRETS_SYNCED(Topics.SECRETS_SYNCED,
                                                            EventTypes.SECRETS_SYNCED,
                                                            SecretsSynced.class), APPROVAL_GIVEN(Topics.APPROVAL_GIVEN,
                                                                    EventTypes.APPROVAL_GIVEN,
                                                                    ApprovalGiven.class), STAGE_FAILED(
                                                                            Topics.STAGE_FAILED,
                                                                            EventTypes.STAGE_FAILED, StageFailed.class);

    private final String topic;
    private final String type;
    private final Class<? extends Event> payload;

    EventKind(String topic, String type, Class<? extends Event> payload) {
        this.topic = topic;
        this.type = type;
        this.payload = payload;
    }

    public String topic() {
        return topic;
    }

    public String type() {
        return type;
    }

    public Class<? extends Event> payload() {
        return payload;
    }

    /** The classpath resource of the payload's JSON Schema. */
    public String schemaResource() {
        return "/schemas/" + topic + ".schema.json";
    }

    public static Optional<EventKind> byType(String type) {
        return Arrays.stream(values()).filter(k -> k.type.equals(type)).findFirst();
    }

    public static Optional<EventKind> byTopic(String topic) {
        return Arrays.stream(values()).filter(k -> k.topic.equals(topic)).findFirst();
    }

    public static EventKind of(Class<?> payload) {
        return Arrays.stream(values()).filter(k -> k.payload.equals(payload)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an event payload: " + payload.getName()));
    }
}

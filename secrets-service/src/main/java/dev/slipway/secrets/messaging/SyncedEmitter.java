package dev.slipway.secrets.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import dev.slipway.contracts.Topics;
import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.contracts.events.SecretsSynced;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.runtime.Events;
import dev.slipway.secrets.sync.SyncListener;

/** Emits {@code secrets-synced} and {@code stage-failed}. */
@ApplicationScoped
public class SyncedEmitter implements SyncListener {

    /** The CloudEvents source service name. */
    public static final String SERVICE = "secrets-service";

    private final Emitter<String> synced;
    private final Emitter<String> failed;

    public SyncedEmitter(@Channel(Topics.SECRETS_SYNCED) Emitter<String> synced,
            @Channel(Topics.STAGE_FAILED) Emitter<String> failed) {
        this.synced = synced;
        this.failed = failed;
    }

    @Override
    public void synced(SecretsSynced event, RunContext context) {
        synced.send(Events.answer(event, SERVICE, context, event.environment()));
    }

    public void failed(StageFailed event, RunContext context) {
        failed.send(Events.answer(event, SERVICE, context, event.environment()));
    }
}

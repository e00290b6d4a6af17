package dev.slipway.secrets.sync;

import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.contracts.events.SecretsSynced;

/** Told of every Secret applied, to emit {@code secrets-synced}. */
@FunctionalInterface
public interface SyncListener {

    void synced(SecretsSynced event, RunContext context);
}

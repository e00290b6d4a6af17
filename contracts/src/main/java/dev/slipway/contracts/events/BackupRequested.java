package dev.slipway.contracts.events;

import dev.slipway.contracts.spec.DatabaseSpec;

/**
 * Asks backup-service to back up a database now. The one imperative among the events: a command from deploy-service
 * (before a gated environment) or gateway-service (an SRE's request), answered by {@link BackupDone}.
 *
 * @param app the application
 * @param environment the environment about to change, or null
 * @param namespace the namespace whose {@code <app>-secrets} Secret holds the password
 * @param database the database
 * @param trigger why the backup is taken
 * @param requestedBy the SRE, or {@code deploy-service}
 */
public record BackupRequested(
        String app,
        String environment,
        String namespace,
        DatabaseSpec database,
        Trigger trigger,
        String requestedBy) implements Event {

    public enum Trigger {
        PRE_DEPLOY, MANUAL, SCHEDULE
    }
}

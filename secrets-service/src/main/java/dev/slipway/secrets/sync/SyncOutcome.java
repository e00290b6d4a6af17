package dev.slipway.secrets.sync;

import java.util.List;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.events.SecretsSynced.KeyVersion;

/**
 * What a sync of one environment did.
 *
 * @param app the application
 * @param environment the environment
 * @param namespace its namespace, or null when none is known yet
 * @param status what happened
 * @param versions the keys and versions now in the Secret
 * @param checksum their checksum
 * @param detail the drift repaired, or why it failed; never a value
 * @param reason for a failure, its kind
 * @param attempts for a failure, how many tries were made
 */
public record SyncOutcome(String app, String environment, String namespace, Status status, List<KeyVersion> versions,
        String checksum, String detail, FailureReason reason, int attempts) {

    public enum Status {
        /** Applied. */
        SYNCED,
        /** Applied because the Secret had drifted from the stored values. */
        REPAIRED,
        /** Already matching: nothing applied. */
        UNCHANGED,
        /** No namespace is known for the environment yet: it is synced when a chart-published names one. */
        NO_TARGET,
        /** The apply failed; the next reconcile tries again. */
        FAILED
    }

    public static SyncOutcome noTarget(String app, String environment) {
        return new SyncOutcome(app, environment, null, Status.NO_TARGET, List.of(), null,
                "no namespace known yet for " + app + "/" + environment, null, 0);
    }

    public boolean applied() {
        return status == Status.SYNCED || status == Status.REPAIRED;
    }
}

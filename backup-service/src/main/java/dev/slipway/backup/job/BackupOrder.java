package dev.slipway.backup.job;

import java.util.Objects;

import dev.slipway.backup.secret.PasswordRef;
import dev.slipway.contracts.events.BackupRequested.Trigger;
import dev.slipway.contracts.spec.DatabaseSpec;

/**
 * A backup to take, whatever asked for it.
 *
 * @param app the application (or static policy) it is filed under
 * @param environment the environment about to change, or null
 * @param database the database and its policy
 * @param password where its password is
 * @param trigger why
 * @param run the run id
 * @param requestId the {@code ce_id} of the asking event, or null
 * @param replayOf the {@code ce_id} an SRE's replay repeats, or null
 */
public record BackupOrder(String app, String environment, DatabaseSpec database, PasswordRef password,
        Trigger trigger, String run, String requestId, String replayOf) {

    public BackupOrder {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(run, "run");
    }
}

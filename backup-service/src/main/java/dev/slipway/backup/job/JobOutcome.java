package dev.slipway.backup.job;

import dev.slipway.backup.BackupException;
import dev.slipway.contracts.events.BackupDone;

/**
 * How a backup ended: the {@code backup-done} to emit, and for a failure the exception behind it (for
 * {@code stage-failed}).
 *
 * @param done the event
 * @param failure why it failed, or null when it succeeded
 * @param repeated whether the result was already in the bucket and no work was done
 */
public record JobOutcome(BackupDone done, BackupException failure, boolean repeated) {

    public boolean succeeded() {
        return failure == null;
    }
}

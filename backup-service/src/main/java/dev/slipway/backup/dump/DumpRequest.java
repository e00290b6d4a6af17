package dev.slipway.backup.dump;

import java.util.Objects;

import dev.slipway.backup.postgres.DatabaseTarget;

/**
 * One backup to take.
 *
 * @param app the application (or static policy name) the backup is filed under
 * @param environment the environment it is taken for, or null
 * @param run the run id
 * @param requestId the {@code ce_id} of the event that asked for it, or null
 * @param trigger why it is taken
 * @param source the database
 */
public record DumpRequest(String app, String environment, String run, String requestId, String trigger,
        DatabaseTarget source) {

    public DumpRequest {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(source, "source");
    }
}

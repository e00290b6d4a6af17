package dev.slipway.deploy.release;

import java.util.List;

import dev.slipway.contracts.events.ApprovalGiven;
import dev.slipway.contracts.events.BackupDone;

/** The gate events of an environment that arrived, by run. */
public final class GateEvents {

    private GateEvents() {
    }

    /**
     * An approval or rejection of a run.
     *
     * @param runId the run
     * @param decision approved or rejected
     * @param by who
     * @param reason why, or null
     */
    public record Approval(String runId, ApprovalGiven.Decision decision, String by, String reason) {
    }

    /**
     * The backup of a run.
     *
     * @param runId the run
     * @param outcome succeeded or failed
     * @param object where it went, or null
     * @param reason why it failed, or null
     */
    public record Backup(String runId, BackupDone.Outcome outcome, String object, String reason) {
    }

    /**
     * The latest secrets-synced of an environment.
     *
     * @param eventId its {@code ce_id}
     * @param runId its run
     * @param secretName the Secret
     * @param keys the keys it holds
     * @param checksum the digest of keys and versions
     */
    public record Secrets(String eventId, String runId, String secretName, List<String> keys, String checksum) {
        public Secrets {
            keys = keys == null ? List.of() : List.copyOf(keys);
        }
    }
}

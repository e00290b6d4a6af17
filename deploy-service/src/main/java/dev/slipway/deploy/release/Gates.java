package dev.slipway.deploy.release;

import java.time.Instant;

/**
 * Progress through an environment's gates: approval, pre-deploy backup, secrets.
 *
 * @param approvalRequestedAt when {@code AWAITING_APPROVAL} was announced, or null
 * @param approved an approval for this run and environment arrived
 * @param backupRequestedAt when {@code backup-requested} was emitted, or null
 * @param backedUp this run's backup succeeded
 * @param secretsWaitSince when waiting for secrets began, or null
 */
public record Gates(Instant approvalRequestedAt, boolean approved, Instant backupRequestedAt, boolean backedUp,
        Instant secretsWaitSince) {

    public static Gates none() {
        return new Gates(null, false, null, false, null);
    }

    public Gates approvalRequested(Instant at) {
        return new Gates(at, approved, backupRequestedAt, backedUp, secretsWaitSince);
    }

    public Gates approve() {
        return new Gates(approvalRequestedAt, true, backupRequestedAt, backedUp, secretsWaitSince);
    }

    public Gates backupRequested(Instant at) {
        return new Gates(approvalRequestedAt, approved, at, backedUp, secretsWaitSince);
    }

    public Gates backupDone() {
        return new Gates(approvalRequestedAt, approved, backupRequestedAt, true, secretsWaitSince);
    }

    public Gates waitingForSecrets(Instant since) {
        return new Gates(approvalRequestedAt, approved, backupRequestedAt, backedUp, since);
    }
}

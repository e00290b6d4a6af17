package dev.slipway.contracts.events;

import java.time.Instant;

/**
 * A backup finished, or failed. Produced by backup-service, consumed by deploy-service (a pre-deploy backup gates the
 * environment) and gateway-service.
 *
 * @param app the application
 * @param environment the environment it was taken for, or null
 * @param database the database name
 * @param trigger why it was taken
 * @param outcome how it ended
 * @param object where it is, or null when it failed
 * @param verification the restore drill's result, or null when not verified
 * @param postgresVersion the server's version
 * @param startedAt when the dump started
 * @param finishedAt when the upload (and drill) ended
 * @param reason why it failed, or null
 */
public record BackupDone(
        String app,
        String environment,
        String database,
        BackupRequested.Trigger trigger,
        Outcome outcome,
        BackupObject object,
        Verification verification,
        String postgresVersion,
        Instant startedAt,
        Instant finishedAt,
        String reason) implements Event {

    public enum Outcome {
        SUCCEEDED, FAILED
    }

    /**
     * @param bucket the S3 bucket
     * @param key the object key
     * @param sizeBytes the stored (encrypted) size
     * @param sha256 hex SHA-256 of the plaintext dump
     * @param keyId the id of the encryption key
     */
    public record BackupObject(String bucket, String key, long sizeBytes, String sha256, String keyId) {
    }

    /**
     * @param restored whether the drill restored the dump into a scratch database
     * @param tables tables found in the restored copy
     * @param rows rows counted across them
     * @param probePassed the spec's probe query's result, or null when there is none
     */
    public record Verification(boolean restored, int tables, long rows, Boolean probePassed) {
    }
}

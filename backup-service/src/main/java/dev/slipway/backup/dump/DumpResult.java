package dev.slipway.backup.dump;

import dev.slipway.backup.postgres.Census;
import dev.slipway.backup.storage.StoredBackup;

/**
 * A backup in the bucket, with the census of its source taken in the snapshot it was dumped from.
 */
public record DumpResult(StoredBackup backup, Census census) {
}

package dev.slipway.backup.storage;

/**
 * A backup as the bucket lists it.
 *
 * @param key the object key
 * @param storedSize the object's (encrypted) size
 * @param metadata what the object says about itself
 * @param drill the last restore drill's result, or null when it was never drilled
 */
public record StoredBackup(String key, long storedSize, BackupMetadata metadata, DrillRecord drill) {

    public boolean verified() {
        return drill != null && drill.passed();
    }
}

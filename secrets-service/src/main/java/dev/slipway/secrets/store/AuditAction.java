package dev.slipway.secrets.store;

import java.util.Locale;

/** What the audit log records. */
public enum AuditAction {
    SET, SET_SEALED, GENERATED, ROTATED, DELETED, SYNCED, SYNC_FAILED, DRIFT_REPAIRED, KEK_REWRAPPED;

    public String lowerName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static AuditAction ofLowerName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}

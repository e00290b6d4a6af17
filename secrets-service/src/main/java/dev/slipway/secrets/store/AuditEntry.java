package dev.slipway.secrets.store;

import java.time.Instant;

/**
 * One line of the audit log: who did what to which secret. Never a value.
 *
 * @param at when
 * @param actor the token's name, or {@code slipway} for the service's own work
 * @param action what was done
 * @param app the application
 * @param environment the environment, or null
 * @param key the key, or null for a whole environment
 * @param version the version written or synced, or null
 * @param detail a namespace, a checksum, a reason; never a value
 */
public record AuditEntry(Instant at, String actor, AuditAction action, String app, String environment, String key,
        Integer version, String detail) {
}

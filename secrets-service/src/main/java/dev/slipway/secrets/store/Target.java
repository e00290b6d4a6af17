package dev.slipway.secrets.store;

import java.time.Instant;

/**
 * Where an application's environment runs: the namespace its Secret is kept in.
 *
 * @param app the application
 * @param environment the environment
 * @param namespace the Kubernetes namespace, from the pipeline spec
 * @param lastChecksum the checksum of the last successful sync, or null
 * @param lastSyncedAt when that was, or null
 */
public record Target(String app, String environment, String namespace, String lastChecksum, Instant lastSyncedAt) {
}

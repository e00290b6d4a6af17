package dev.slipway.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * An application's Secret in one namespace now holds exactly the current values. Names and versions only, never a
 * value. Produced by secrets-service.
 *
 * @param app the application
 * @param environment the environment
 * @param namespace the namespace
 * @param secretName the Kubernetes Secret ({@code <app>-secrets})
 * @param keys the keys and their versions
 * @param checksum a digest of keys and versions, which changes whenever a value does; the chart puts it in a pod
 *        annotation so a changed secret rolls the pods
 * @param syncedAt when
 */
public record SecretsSynced(
        String app,
        String environment,
        String namespace,
        String secretName,
        List<KeyVersion> keys,
        String checksum,
        Instant syncedAt) implements Event {

    public SecretsSynced {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    public record KeyVersion(String key, int version) {
    }
}

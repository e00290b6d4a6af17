package dev.slipway.secrets.sync;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

import dev.slipway.secrets.store.Snapshot;

/**
 * The Kubernetes Secret of an application's environment: {@code <app>-secrets}, holding exactly the current values,
 * labelled as Slipway's. Its annotations carry the keys' versions and their checksum, never a value.
 */
public final class SecretManifest {

    /** The server-side apply field manager of everything Slipway writes. */
    public static final String FIELD_MANAGER = "slipway";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "slipway";
    public static final String APP_LABEL = "slipway.dev/app";
    public static final String ENVIRONMENT_LABEL = "slipway.dev/environment";
    public static final String CHECKSUM_ANNOTATION = "slipway.dev/checksum";
    public static final String VERSIONS_ANNOTATION = "slipway.dev/versions";

    /** {@code <app>-secrets}. */
    public static String secretName(String app) {
        return app + "-secrets";
    }

    /** The Secret for {@code snapshot} in {@code namespace}, ready for server-side apply. */
    public static Secret build(String namespace, Snapshot snapshot) {
        Map<String, String> data = new LinkedHashMap<>();
        for (Snapshot.Entry entry : snapshot.entries()) {
            data.put(entry.key(), Base64.getEncoder().encodeToString(entry.value().revealBytes()));
        }
        return new SecretBuilder()
                .withNewMetadata()
                .withName(secretName(snapshot.app()))
                .withNamespace(namespace)
                .withLabels(labels(snapshot))
                .withAnnotations(Map.of(
                        CHECKSUM_ANNOTATION, snapshot.checksum(),
                        VERSIONS_ANNOTATION, versions(snapshot)))
                .endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
    }

    static Map<String, String> labels(Snapshot snapshot) {
        return Map.of(MANAGED_BY_LABEL, MANAGED_BY, APP_LABEL, snapshot.app(), ENVIRONMENT_LABEL,
                snapshot.environment());
    }

    /** {@code KEY=version} pairs in key order, comma-separated. */
    static String versions(Snapshot snapshot) {
        return snapshot.entries().stream().map(e -> e.key() + "=" + e.version()).collect(Collectors.joining(","));
    }

    private SecretManifest() {
    }
}

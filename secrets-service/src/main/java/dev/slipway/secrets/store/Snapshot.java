package dev.slipway.secrets.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import dev.slipway.contracts.SecretValue;
import dev.slipway.contracts.events.SecretsSynced.KeyVersion;

/**
 * The current values of an application's environment, decrypted for the one place that needs them: the Kubernetes
 * Secret. Ordered by key.
 */
public record Snapshot(String app, String environment, List<Entry> entries) {

    public Snapshot {
        entries = List.copyOf(entries);
    }

    public record Entry(String key, int version, SecretValue value) {
    }

    public List<KeyVersion> versions() {
        return entries.stream().map(e -> new KeyVersion(e.key(), e.version())).toList();
    }

    /** SHA-256 over the keys and versions, never the values: changes whenever a value does. */
    public String checksum() {
        return checksum(versions());
    }

    /** SHA-256 over {@code key=version} lines in key order. */
    public static String checksum(List<KeyVersion> versions) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            versions.stream().sorted(java.util.Comparator.comparing(KeyVersion::key))
                    .forEach(v -> digest.update((v.key() + "=" + v.version() + "\n").getBytes(StandardCharsets.UTF_8)));
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Overwrites every value. */
    public void destroy() {
        entries.forEach(e -> e.value().destroy());
    }
}

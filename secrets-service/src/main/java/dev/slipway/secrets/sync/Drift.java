package dev.slipway.secrets.sync;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.Secret;

import dev.slipway.secrets.store.Snapshot;

/**
 * How a Secret in the cluster differs from the stored values. Names keys only, never values.
 *
 * @param missing the Secret does not exist
 * @param changed keys whose value differs
 * @param absent keys that should be there and are not
 * @param extra keys that should not be there
 * @param metadata Slipway's labels or annotations were changed
 */
public record Drift(boolean missing, List<String> changed, List<String> absent, List<String> extra,
        boolean metadata) {

    public static final Drift NONE = new Drift(false, List.of(), List.of(), List.of(), false);

    /** Compares {@code actual} (null when absent) with what {@code expected} says it must hold. */
    public static Drift between(Secret actual, Snapshot expected) {
        if (actual == null) {
            return new Drift(true, List.of(), List.of(), List.of(), false);
        }
        Map<String, String> data = actual.getData() == null ? Map.of() : actual.getData();
        List<String> changed = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (Snapshot.Entry entry : expected.entries()) {
            String encoded = data.get(entry.key());
            if (encoded == null) {
                absent.add(entry.key());
            } else if (!sameValue(encoded, entry.value().revealBytes())) {
                changed.add(entry.key());
            }
        }
        TreeSet<String> extra = new TreeSet<>(data.keySet());
        expected.entries().forEach(e -> extra.remove(e.key()));
        Map<String, String> labels = actual.getMetadata().getLabels() == null
                ? Map.of()
                : actual.getMetadata().getLabels();
        Map<String, String> annotations = actual.getMetadata().getAnnotations() == null
                ? Map.of()
                : actual.getMetadata().getAnnotations();
        boolean metadata = !labels.entrySet().containsAll(SecretManifest.labels(expected).entrySet())
                || !expected.checksum().equals(annotations.get(SecretManifest.CHECKSUM_ANNOTATION));
        return new Drift(false, List.copyOf(changed), List.copyOf(absent), List.copyOf(extra), metadata);
    }

    public boolean none() {
        return !missing && changed.isEmpty() && absent.isEmpty() && extra.isEmpty() && !metadata;
    }

    /** For the audit log and the log: which keys, never which values. */
    public String describe() {
        if (missing) {
            return "Secret was missing";
        }
        List<String> parts = new ArrayList<>();
        if (!changed.isEmpty()) {
            parts.add("changed " + String.join(", ", changed));
        }
        if (!absent.isEmpty()) {
            parts.add("removed " + String.join(", ", absent));
        }
        if (!extra.isEmpty()) {
            parts.add("added " + String.join(", ", extra));
        }
        if (metadata) {
            parts.add("labels or annotations changed");
        }
        return parts.isEmpty() ? "no drift" : String.join("; ", parts);
    }

    private static boolean sameValue(String encoded, byte[] expected) {
        try {
            return MessageDigest.isEqual(Base64.getDecoder().decode(encoded), expected);
        } catch (IllegalArgumentException e) {
            return false;
        } finally {
            java.util.Arrays.fill(expected, (byte) 0);
        }
    }
}

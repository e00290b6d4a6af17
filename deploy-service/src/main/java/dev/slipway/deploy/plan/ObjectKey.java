package dev.slipway.deploy.plan;

import java.util.Comparator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Names one Kubernetes object: what server-side apply and pruning address.
 *
 * @param apiVersion {@code apps/v1}, {@code v1}, {@code gateway.networking.k8s.io/v1}
 * @param kind {@code Deployment}
 * @param namespace the namespace, or null for a cluster-scoped object
 * @param name the name
 */
public record ObjectKey(String apiVersion, String kind, String namespace,
        String name) implements Comparable<ObjectKey> {

    private static final Comparator<ObjectKey> ORDER = Comparator.comparing(ObjectKey::kind)
            .thenComparing(ObjectKey::name).thenComparing(ObjectKey::apiVersion)
            .thenComparing(k -> k.namespace == null ? "" : k.namespace);

    /** The key of a manifest. */
    public static ObjectKey of(JsonNode manifest) {
        JsonNode metadata = manifest.path("metadata");
        String namespace = metadata.path("namespace").asText(null);
        return new ObjectKey(manifest.path("apiVersion").asText(), manifest.path("kind").asText(), namespace,
                metadata.path("name").asText());
    }

    /** The same object identity ignoring the API version, which a chart may move between releases. */
    public boolean sameObject(ObjectKey other) {
        return kind.equals(other.kind) && name.equals(other.name)
                && java.util.Objects.equals(namespace, other.namespace) && group().equals(other.group());
    }

    /** The API group, empty for the core group. */
    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    @Override
    public int compareTo(ObjectKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}

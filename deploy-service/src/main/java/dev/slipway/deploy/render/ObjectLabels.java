package dev.slipway.deploy.render;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.slipway.deploy.apply.KubernetesCluster;

/**
 * Puts every rendered object in the environment's namespace and labels it with the application, environment, run and
 * revision, whatever the chart did, so that {@code kubectl get all -l slipway.dev/run=...} finds a release.
 */
public final class ObjectLabels {

    public static final String APP = "app.kubernetes.io/name";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String ENVIRONMENT = "slipway.dev/environment";
    public static final String RUN = "slipway.dev/run";
    public static final String REVISION = "slipway.dev/revision";

    private static final Pattern INVALID = Pattern.compile("[^A-Za-z0-9._-]");

    private ObjectLabels() {
    }

    /** The labels of a release: run and revision, which deploy-service also passes to the chart as {@code labels}. */
    public static Map<String, String> release(String runId, int revision) {
        return Map.of(RUN, labelValue(runId), REVISION, String.valueOf(revision));
    }

    /** A valid label value: at most 63 characters of {@code [A-Za-z0-9._-]}, alphanumeric at both ends. */
    public static String labelValue(String value) {
        String cleaned = INVALID.matcher(value).replaceAll("-");
        if (cleaned.length() > 63) {
            cleaned = cleaned.substring(0, 63);
        }
        return cleaned.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }

    /** Sets namespace and labels on each object, in place. */
    public static void stamp(List<ObjectNode> objects, String app, String environment, String namespace,
            Map<String, String> release) {
        for (ObjectNode object : objects) {
            ObjectNode metadata = object.withObjectProperty("metadata");
            if (!KubernetesCluster.clusterScoped(object.path("kind").asText())) {
                metadata.put("namespace", namespace);
            }
            ObjectNode labels = metadata.withObjectProperty("labels");
            labels.put(APP, app);
            labels.put(MANAGED_BY, "slipway");
            labels.put(ENVIRONMENT, environment);
            release.forEach(labels::put);
            object.remove("status");
        }
    }
}

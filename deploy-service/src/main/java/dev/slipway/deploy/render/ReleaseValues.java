package dev.slipway.deploy.render;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.contracts.events.ImageRef;

/**
 * The values deploy-service sets on the application chart for one environment (the keys chart-service's VALUES.md
 * marks <b>deploy</b>, plus the image); everything else comes from the chart's own {@code values.yaml}.
 *
 * @param app the application
 * @param environment the environment
 * @param labels extra labels for every object and pod template ({@code slipway.dev/run}, {@code slipway.dev/revision})
 * @param stableImage the stable track's image
 * @param stableReplicas the stable track's replicas, or null to leave the chart's (an HPA owns them)
 * @param canary the canary track, or null for none
 * @param secrets the Secret to mount, or null when the spec lists no secrets
 * @param httpRoute the Gateway API route, or null for none
 */
public record ReleaseValues(
        String app,
        String environment,
        Map<String, String> labels,
        ImageRef stableImage,
        Integer stableReplicas,
        Canary canary,
        Secrets secrets,
        HttpRoute httpRoute) {

    /**
     * @param replicas canary replicas
     * @param weight canary share of HTTPRoute traffic, percent
     * @param image the canary's image
     */
    public record Canary(int replicas, int weight, ImageRef image) {
    }

    /**
     * @param name the Secret's name
     * @param checksum the digest of its keys and versions, stamped into the pod template
     * @param keys the keys the spec lists
     */
    public record Secrets(String name, String checksum, List<String> keys) {
    }

    /**
     * @param parentRefs the Gateways, each {@code name} and optional {@code namespace}
     */
    public record HttpRoute(List<Map<String, String>> parentRefs) {
    }

    /** The values tree handed to Helm. */
    public Map<String, Object> toMap() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("app", app);
        values.put("environment", environment);
        values.put("labels", new LinkedHashMap<>(labels));
        values.put("image", image(stableImage));
        if (stableReplicas != null) {
            values.put("replicas", stableReplicas);
        }
        Map<String, Object> canaryValues = new LinkedHashMap<>();
        canaryValues.put("enabled", canary != null);
        if (canary != null) {
            canaryValues.put("replicas", canary.replicas());
            canaryValues.put("weight", canary.weight());
            canaryValues.put("image", image(canary.image()));
        }
        values.put("canary", canaryValues);
        if (secrets != null) {
            Map<String, Object> secretValues = new LinkedHashMap<>();
            secretValues.put("enabled", true);
            if (secrets.name() != null) {
                secretValues.put("name", secrets.name());
            }
            secretValues.put("checksum", secrets.checksum() == null ? "" : secrets.checksum());
            secretValues.put("keys", List.copyOf(secrets.keys()));
            values.put("secrets", secretValues);
        }
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("enabled", httpRoute != null);
        if (httpRoute != null && !httpRoute.parentRefs().isEmpty()) {
            route.put("parentRefs", httpRoute.parentRefs());
        }
        values.put("httpRoute", route);
        return values;
    }

    private static Map<String, Object> image(ImageRef image) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("repository", image.repository());
        values.put("digest", image.digest());
        return values;
    }
}

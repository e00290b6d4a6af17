package dev.slipway.deploy.analysis;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.deploy.rollout.RolloutStatus;

/**
 * Kubernetes' own view of the canary track: its Deployment's rollout and its pods' readiness, restarts and crash
 * loops, read from the status subresources.
 */
public final class KubernetesHealth {

    public static final String NAME = "kubernetes";

    private KubernetesHealth() {
    }

    /**
     * @param deployment the canary Deployment, or null when absent
     * @param pods the canary track's pods
     * @param restartLimit container restarts tolerated per pod
     */
    public static Check evaluate(JsonNode deployment, List<JsonNode> pods, int restartLimit) {
        String threshold = "ready, no crash loop, restarts <= " + restartLimit;
        List<String> problems = new ArrayList<>();
        int maxRestarts = 0;
        for (JsonNode pod : pods) {
            String name = pod.path("metadata").path("name").asText();
            for (JsonNode container : pod.path("status").path("containerStatuses")) {
                int restarts = container.path("restartCount").asInt(0);
                maxRestarts = Math.max(maxRestarts, restarts);
                String waiting = container.path("state").path("waiting").path("reason").asText("");
                if ("CrashLoopBackOff".equals(waiting) || "ImagePullBackOff".equals(waiting)
                        || "ErrImagePull".equals(waiting) || "CreateContainerConfigError".equals(waiting)) {
                    problems.add(name + "/" + container.path("name").asText() + " is in " + waiting);
                } else if (restarts > restartLimit) {
                    problems.add(name + "/" + container.path("name").asText() + " restarted " + restarts + " times");
                }
            }
        }
        if (!problems.isEmpty()) {
            return Check.fail(NAME, (double) maxRestarts, threshold, String.join("; ", problems));
        }
        RolloutStatus rollout = RolloutStatus.of(deployment);
        if (rollout.failed()) {
            return Check.fail(NAME, (double) maxRestarts, threshold, rollout.message());
        }
        if (!rollout.complete()) {
            return Check.inconclusive(NAME, (double) maxRestarts, threshold, rollout.message());
        }
        long notReady = pods.stream().filter(p -> !ready(p)).count();
        if (notReady > 0) {
            return Check.inconclusive(NAME, (double) maxRestarts, threshold, notReady + " of " + pods.size()
                    + " canary pod(s) not ready");
        }
        return Check.pass(NAME, (double) maxRestarts, threshold);
    }

    private static boolean ready(JsonNode pod) {
        for (JsonNode condition : pod.path("status").path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                return "True".equals(condition.path("status").asText());
            }
        }
        return false;
    }
}

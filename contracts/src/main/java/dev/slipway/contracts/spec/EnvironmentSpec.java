package dev.slipway.contracts.spec;

import java.util.List;

/**
 * One environment a release goes through, in the spec's order.
 *
 * @param name the environment's name ({@code staging}, {@code production})
 * @param namespace the Kubernetes namespace
 * @param strategy rolling or canary
 * @param canary canary settings, present exactly when {@code strategy} is canary
 * @param approval an SRE must approve before this environment starts
 * @param backupBefore back up the application's database before this environment is changed
 * @param progressDeadlineSeconds how long a rollout may take before it is rolled back
 */
public record EnvironmentSpec(
        String name,
        String namespace,
        Strategy strategy,
        Canary canary,
        boolean approval,
        boolean backupBefore,
        int progressDeadlineSeconds) {

    public enum Strategy {
        ROLLING, CANARY
    }

    /** How canary traffic is split. */
    public enum Traffic {
        /** By the ratio of canary to stable replicas; no mesh needed. */
        REPLICAS,
        /** By Gateway API HTTPRoute backend weights. */
        GATEWAY
    }

    /**
     * @param steps canary traffic percentages, strictly increasing, each below 100
     * @param intervalSeconds how long each step is held, with analysis at every interval
     * @param traffic how traffic is split
     * @param analysis what decides promotion
     */
    public record Canary(List<Integer> steps, int intervalSeconds, Traffic traffic, Analysis analysis) {
        public Canary {
            steps = steps == null ? List.of() : List.copyOf(steps);
        }
    }

    /**
     * @param failureLimit failed analysis runs tolerated before the canary is rolled back
     * @param metrics Prometheus queries with thresholds
     * @param http a URL answering 2xx for pass, or null
     * @param kubernetes check readiness, restarts and crash loops of the canary pods
     */
    public record Analysis(int failureLimit, List<Metric> metrics, String http, boolean kubernetes) {
        public Analysis {
            metrics = metrics == null ? List.of() : List.copyOf(metrics);
        }
    }

    /**
     * A Prometheus query, templated with {@code {{app}}}, {@code {{namespace}}} and {@code {{track}}}, whose value must
     * stay within the bounds given.
     */
    public record Metric(String name, String query, Double max, Double min) {
    }
}

package dev.slipway.contracts.spec;

import java.util.List;

/**
 * How chart-service renders the application's chart.
 *
 * @param path a chart directory in the repository to use instead of the built-in chart, or null
 * @param replicas replicas of the stable track
 * @param resources requests and limits of the application container
 * @param probes liveness, readiness and startup probes
 * @param ingress the ingress, or null for none
 * @param hpa the HorizontalPodAutoscaler, or null for none
 * @param secrets keys of the application's Secret the pods receive as environment
 */
public record ChartSpec(
        String path,
        int replicas,
        Resources resources,
        Probes probes,
        Ingress ingress,
        Hpa hpa,
        List<String> secrets) {

    public ChartSpec {
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    /** Kubernetes quantities, for example {@code cpu: 250m}, {@code memory: 256Mi}. */
    public record Quantities(String cpu, String memory) {
    }

    public record Resources(Quantities requests, Quantities limits) {
    }

    /**
     * An HTTP probe.
     *
     * @param path the HTTP path
     * @param port the port, or 0 for the application's port
     */
    public record Probe(String path, int port, int initialDelaySeconds, int periodSeconds, int failureThreshold) {
    }

    public record Probes(Probe liveness, Probe readiness, Probe startup) {
    }

    /**
     * @param host the host name
     * @param path the path prefix
     * @param className the ingress class, or null for the cluster default
     * @param tlsSecret the TLS certificate's Secret, or null for plain http
     */
    public record Ingress(String host, String path, String className, String tlsSecret) {
    }

    /**
     * @param cpuUtilization target average CPU utilisation, percent of requests
     */
    public record Hpa(int minReplicas, int maxReplicas, int cpuUtilization) {
    }
}

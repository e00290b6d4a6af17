package dev.slipway.e2e.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import dev.slipway.testkit.kubernetes.ClusterSimulator;

/**
 * Plays the controllers of a simulated cluster, which the Kubernetes API server alone does not run: every Deployment
 * whose current generation has not rolled out yet becomes ready {@code readyAfter} later (through testkit's
 * {@link ClusterSimulator}, writing status only through the status subresource), and the simulated pods of a deleted
 * Deployment are removed, as the garbage collector would. Each action is reported, so that it is visible what the
 * cluster did.
 */
public final class ControllerSimulator implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KubernetesClient client;
    private final ClusterSimulator simulator;
    private final Duration readyAfter;
    private final Consumer<String> report;
    private final Map<String, Instant> firstSeen = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param report told what the simulated cluster did, one line each
     */
    public ControllerSimulator(KubernetesClient client, Duration readyAfter, Consumer<String> report) {
        this.client = client;
        this.simulator = new ClusterSimulator(client);
        this.readyAfter = readyAfter;
        this.report = report;
        this.thread = new Thread(this::loop, "simulated-controllers");
        this.thread.setDaemon(true);
    }

    public ControllerSimulator start() {
        thread.start();
        return this;
    }

    private void loop() {
        while (running) {
            try {
                tick();
            } catch (KubernetesClientException e) {
                // The API server is going away or an object changed under us: the next tick looks again.
            } catch (RuntimeException e) {
                report.accept("simulated cluster: " + e);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One pass of the simulated controllers. */
    void tick() {
        List<Deployment> deployments = client.apps().deployments().inAnyNamespace().list().getItems();
        Set<String> present = new HashSet<>();
        Instant now = Instant.now();
        for (Deployment deployment : deployments) {
            String namespace = deployment.getMetadata().getNamespace();
            String name = deployment.getMetadata().getName();
            Long generation = deployment.getMetadata().getGeneration();
            String key = namespace + "/" + name + "@" + generation;
            present.add(namespace + "/" + name);
            if (rolledOut(deployment)) {
                firstSeen.remove(key);
                continue;
            }
            Instant seen = firstSeen.computeIfAbsent(key, k -> now);
            if (Duration.between(seen, now).compareTo(readyAfter) >= 0) {
                simulator.markRolloutReady(namespace, name);
                firstSeen.remove(key);
                Integer replicas = deployment.getSpec().getReplicas();
                report.accept("simulated cluster: " + namespace + "/" + name + " rolled out (generation "
                        + generation + ", " + (replicas == null ? 1 : replicas) + " ready pods)");
            }
        }
        firstSeen.keySet().removeIf(key -> !present.contains(key.substring(0, key.lastIndexOf('@'))));
        collectOrphanPods(present);
    }

    private static boolean rolledOut(Deployment deployment) {
        if (deployment.getStatus() == null || deployment.getStatus().getObservedGeneration() == null) {
            return false;
        }
        return deployment.getStatus().getObservedGeneration() >= deployment.getMetadata().getGeneration();
    }

    private void collectOrphanPods(Set<String> deployments) {
        List<Pod> pods = client.pods().inAnyNamespace().withLabel(ClusterSimulator.SIMULATED_LABEL).list()
                .getItems();
        for (Pod pod : pods) {
            String owner = pod.getMetadata().getNamespace() + "/"
                    + pod.getMetadata().getLabels().get(ClusterSimulator.SIMULATED_LABEL);
            if (!deployments.contains(owner)) {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .delete();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

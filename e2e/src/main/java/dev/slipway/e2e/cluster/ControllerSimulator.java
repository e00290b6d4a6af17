package dev.slipway.e2e.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import dev.slipway.testkit.kubernetes.ClusterSimulator;

/**
 * Plays the controllers of a simulated cluster, which the Kubernetes API server alone does not run: every Deployment
 * whose current generation has not rolled out yet becomes ready {@code readyAfter} later (through testkit's
 * {@link ClusterSimulator}, writing status only through the status subresource), and the simulated pods of a deleted
 * Deployment are removed, as the garbage collector would. Each action is reported, so that it is visible what the
 * cluster did.
 *
 * <p>
 * Like the real controllers it watches Deployments rather than listing them: the API server's work grows with the
 * changes, not with the number of Deployments stored, so a fleet of thousands of applications costs the simulated
 * cluster no more per rollout than one.
 */
public final class ControllerSimulator implements AutoCloseable {

    /** How often due rollouts are looked for; they are kept in memory, so a look costs the API server nothing. */
    private static final Duration CHECK = Duration.ofMillis(100);
    /**
     * Rollouts completed at once: each takes several requests, and one at a time falls behind when hundreds of
     * Deployments are applied together, as a cluster's controllers, working in parallel, do not.
     */
    private static final int COMPLETING_THREADS = 4;

    private final KubernetesClient client;
    private final ClusterSimulator simulator;
    private final Duration readyAfter;
    private final Consumer<String> report;
    /** Rollouts under way by {@code namespace/name}: the generation seen and since when. */
    private final Map<String, Rollout> rollouts = new ConcurrentHashMap<>();
    /** Rollouts being completed now, by key: each is handed to {@link #completers} once. */
    private final Set<String> completing = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService executor;
    private final ExecutorService completers;
    private SharedIndexInformer<Deployment> informer;

    private record Rollout(String namespace, String name, long generation, int replicas, Instant since) {

        String key() {
            return ControllerSimulator.key(namespace, name);
        }
    }

    /**
     * @param report told what the simulated cluster did, one line each
     */
    public ControllerSimulator(KubernetesClient client, Duration readyAfter, Consumer<String> report) {
        this.client = client;
        this.simulator = new ClusterSimulator(client);
        this.readyAfter = readyAfter;
        this.report = report;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "simulated-controllers");
            thread.setDaemon(true);
            return thread;
        });
        this.completers = Executors.newFixedThreadPool(COMPLETING_THREADS, r -> {
            Thread thread = new Thread(r, "simulated-rollouts");
            thread.setDaemon(true);
            return thread;
        });
    }

    public ControllerSimulator start() {
        informer = client.apps().deployments().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment deployment) {
                observe(deployment);
            }

            @Override
            public void onUpdate(Deployment before, Deployment deployment) {
                observe(deployment);
            }

            @Override
            public void onDelete(Deployment deployment, boolean finalStateUnknown) {
                String namespace = deployment.getMetadata().getNamespace();
                String name = deployment.getMetadata().getName();
                rollouts.remove(key(namespace, name));
                executor.execute(() -> guarded(() -> client.pods().inNamespace(namespace)
                        .withLabel(ClusterSimulator.SIMULATED_LABEL, name).delete()));
            }
        });
        executor.scheduleWithFixedDelay(() -> guarded(this::completeDue), CHECK.toMillis(), CHECK.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    private void observe(Deployment deployment) {
        String namespace = deployment.getMetadata().getNamespace();
        String name = deployment.getMetadata().getName();
        long generation = deployment.getMetadata().getGeneration() == null
                ? 0
                : deployment.getMetadata().getGeneration();
        String key = key(namespace, name);
        if (rolledOut(deployment)) {
            rollouts.computeIfPresent(key, (k, rollout) -> rollout.generation() <= generation ? null : rollout);
            return;
        }
        Integer replicas = deployment.getSpec().getReplicas();
        rollouts.compute(key, (k, rollout) -> rollout != null && rollout.generation() == generation
                ? rollout
                : new Rollout(namespace, name, generation, replicas == null ? 1 : replicas, Instant.now()));
    }

    /** Hands every rollout that has been under way for {@code readyAfter} to the completing threads. */
    private void completeDue() {
        Instant now = Instant.now();
        for (Rollout rollout : rollouts.values()) {
            if (Duration.between(rollout.since(), now).compareTo(readyAfter) < 0 || !completing.add(rollout.key())) {
                continue;
            }
            try {
                completers.execute(() -> {
                    try {
                        guarded(() -> complete(rollout));
                    } finally {
                        completing.remove(rollout.key());
                    }
                });
            } catch (RejectedExecutionException closing) {
                completing.remove(rollout.key());
                return;
            }
        }
    }

    private void complete(Rollout rollout) {
        try {
            simulator.markRolloutReady(rollout.namespace(), rollout.name());
        } catch (IllegalArgumentException gone) {
            rollouts.remove(rollout.key(), rollout);
            return;
        } catch (KubernetesClientException e) {
            return; // looked at again at the next check
        }
        rollouts.remove(rollout.key(), rollout);
        report.accept("simulated cluster: " + rollout.namespace() + "/" + rollout.name() + " rolled out (generation "
                + rollout.generation() + ", " + rollout.replicas() + " ready pods)");
    }

    private void guarded(Runnable action) {
        try {
            action.run();
        } catch (KubernetesClientException e) {
            // The API server is going away: the next check or change looks again.
        } catch (RuntimeException e) {
            report.accept("simulated cluster: " + e);
        }
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    private static boolean rolledOut(Deployment deployment) {
        if (deployment.getStatus() == null || deployment.getStatus().getObservedGeneration() == null) {
            return false;
        }
        return deployment.getStatus().getObservedGeneration() >= deployment.getMetadata().getGeneration();
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
        executor.shutdownNow();
        completers.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
            completers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

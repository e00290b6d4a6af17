package dev.slipway.testkit.kubernetes;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;

/**
 * Plays the controllers that the mock API server lacks — the Deployment and ReplicaSet controllers and the kubelet —
 * so that a test says visibly what the cluster does: "the rollout became ready", "the new pods crash". It writes
 * status only through the status subresource, as the real controllers do.
 *
 * <p>
 * Simulated pods are named after the Deployment, carry its pod template's labels (so its selector finds them), the
 * label {@value #SIMULATED_LABEL} with the Deployment's name, and a {@code pod-template-hash}. Each call replaces the
 * simulated pods of that Deployment.
 */
public final class ClusterSimulator {

    /** Label on simulated pods; its value is the Deployment's name. */
    public static final String SIMULATED_LABEL = "testkit.slipway.dev/simulated-for";

    private final KubernetesClient client;

    public ClusterSimulator(KubernetesClient client) {
        this.client = client;
    }

    /**
     * The rollout of the Deployment's current generation completed: every replica updated, ready and available.
     * Ready pods replace any simulated ones.
     *
     * @return the Deployment as stored afterwards
     */
    public Deployment markRolloutReady(String namespace, String name) {
        Deployment deployment = existing(namespace, name);
        int replicas = replicas(deployment);
        syncPods(deployment, replicas, 0);
        String now = now();
        return deployment(namespace, name).editStatus(current -> {
            current.setStatus(new DeploymentStatusBuilder()
                    .withObservedGeneration(current.getMetadata().getGeneration())
                    .withReplicas(replicas)
                    .withUpdatedReplicas(replicas)
                    .withReadyReplicas(replicas)
                    .withAvailableReplicas(replicas)
                    .withConditions(
                            condition("Available", "True", "MinimumReplicasAvailable",
                                    "Deployment has minimum availability.", now),
                            condition("Progressing", "True", "NewReplicaSetAvailable",
                                    "ReplicaSet \"" + replicaSetName(current) + "\" has successfully progressed.", now))
                    .build());
            return current;
        });
    }

    /**
     * The rollout of the Deployment's current generation is failing: its pods crash-loop after {@code restarts}
     * restarts, none is ready, and the progress deadline has passed.
     *
     * @return the Deployment as stored afterwards
     */
    public Deployment markRolloutFailing(String namespace, String name, int restarts) {
        Deployment deployment = existing(namespace, name);
        int replicas = replicas(deployment);
        syncPods(deployment, replicas, restarts);
        String now = now();
        return deployment(namespace, name).editStatus(current -> {
            current.setStatus(new DeploymentStatusBuilder()
                    .withObservedGeneration(current.getMetadata().getGeneration())
                    .withReplicas(replicas)
                    .withUpdatedReplicas(replicas)
                    .withReadyReplicas(0)
                    .withAvailableReplicas(0)
                    .withUnavailableReplicas(replicas)
                    .withConditions(
                            condition("Available", "False", "MinimumReplicasUnavailable",
                                    "Deployment does not have minimum availability.", now),
                            condition("Progressing", "False", "ProgressDeadlineExceeded",
                                    "ReplicaSet \"" + replicaSetName(current) + "\" has timed out progressing.", now))
                    .build());
            return current;
        });
    }

    /** The simulated pods of the Deployment. */
    public List<Pod> pods(String namespace, String deploymentName) {
        return client.pods().inNamespace(namespace).withLabel(SIMULATED_LABEL, deploymentName).list().getItems();
    }

    private void syncPods(Deployment deployment, int replicas, int restarts) {
        String namespace = deployment.getMetadata().getNamespace();
        String name = deployment.getMetadata().getName();
        client.pods().inNamespace(namespace).withLabel(SIMULATED_LABEL, name).delete();
        String hash = templateHash(deployment);
        Map<String, String> labels = new HashMap<>();
        if (deployment.getSpec().getTemplate().getMetadata() != null
                && deployment.getSpec().getTemplate().getMetadata().getLabels() != null) {
            labels.putAll(deployment.getSpec().getTemplate().getMetadata().getLabels());
        }
        if (deployment.getSpec().getSelector() != null
                && deployment.getSpec().getSelector().getMatchLabels() != null) {
            labels.putAll(deployment.getSpec().getSelector().getMatchLabels());
        }
        labels.put("pod-template-hash", hash);
        labels.put(SIMULATED_LABEL, name);
        boolean ready = restarts == 0;
        String now = now();
        for (int i = 0; i < replicas; i++) {
            Pod pod = client.pods().inNamespace(namespace).resource(new PodBuilder()
                    .withNewMetadata()
                    .withName(name + "-" + hash + "-" + i)
                    .withNamespace(namespace)
                    .withLabels(labels)
                    .endMetadata()
                    .withSpec(deployment.getSpec().getTemplate().getSpec())
                    .build()).create();
            List<ContainerStatus> statuses = new ArrayList<>();
            for (Container container : pod.getSpec().getContainers()) {
                ContainerStatusBuilder status = new ContainerStatusBuilder()
                        .withName(container.getName())
                        .withImage(container.getImage())
                        .withReady(ready)
                        .withStarted(ready)
                        .withRestartCount(restarts);
                if (ready) {
                    status.withNewState().withNewRunning().withStartedAt(now).endRunning().endState();
                } else {
                    status.withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                            .withMessage("back-off 5m0s restarting failed container=" + container.getName()
                                    + " pod=" + pod.getMetadata().getName())
                            .endWaiting().endState()
                            .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
                            .withFinishedAt(now).endTerminated().endLastState();
                }
                statuses.add(status.build());
            }
            pod.setStatus(new PodStatusBuilder()
                    .withPhase("Running")
                    .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                    .withLastTransitionTime(now).endCondition()
                    .addNewCondition().withType("ContainersReady").withStatus(ready ? "True" : "False")
                    .withLastTransitionTime(now).endCondition()
                    .withContainerStatuses(statuses)
                    .withStartTime(now)
                    .build());
            client.pods().inNamespace(namespace).resource(pod).updateStatus();
        }
    }

    private Deployment existing(String namespace, String name) {
        Deployment deployment = deployment(namespace, name).get();
        if (deployment == null) {
            throw new IllegalArgumentException("No Deployment " + namespace + "/" + name);
        }
        return deployment;
    }

    private RollableScalableResource<Deployment> deployment(String namespace, String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name);
    }

    private static int replicas(Deployment deployment) {
        Integer replicas = deployment.getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    private static String replicaSetName(Deployment deployment) {
        return deployment.getMetadata().getName() + "-" + templateHash(deployment);
    }

    /** Stands in for the ReplicaSet's pod-template-hash: changes when the pod template changes. */
    private static String templateHash(Deployment deployment) {
        int hash = String.valueOf(deployment.getSpec().getTemplate()).hashCode();
        return Integer.toUnsignedString(hash, 36).toLowerCase(Locale.ROOT);
    }

    private static DeploymentCondition condition(String type, String status, String reason, String message,
            String now) {
        return new DeploymentConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withLastUpdateTime(now)
                .withLastTransitionTime(now)
                .build();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}

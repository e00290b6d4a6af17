package dev.slipway.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.slipway.testkit.kubernetes.ClusterSimulator;
import dev.slipway.testkit.kubernetes.MockKubernetes;

class ControllerSimulatorTest {

    private static final String NAMESPACE = "fleet-staging";

    @Test
    void eachGenerationRollsOutAfterTheDelayAndADeletedDeploymentTakesItsPodsAlong() {
        List<String> reported = new CopyOnWriteArrayList<>();
        try (MockKubernetes cluster = MockKubernetes.start();
                ControllerSimulator controllers = new ControllerSimulator(cluster.client(), Duration.ofMillis(300),
                        reported::add).start()) {
            KubernetesClient client = cluster.client();
            client.apps().deployments().inNamespace(NAMESPACE).resource(deployment("api", "v1", 2)).create();
            client.apps().deployments().inNamespace(NAMESPACE).resource(deployment("worker", "v1", 1)).create();

            await().atMost(Duration.ofSeconds(10)).until(() -> rolledOut(client, "api") && rolledOut(client, "worker"));
            ClusterSimulator pods = new ClusterSimulator(client);
            assertThat(pods.pods(NAMESPACE, "api")).hasSize(2);
            assertThat(reported).anyMatch(line -> line.contains(NAMESPACE + "/api rolled out"));

            client.apps().deployments().inNamespace(NAMESPACE).withName("api").edit(d -> {
                d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("registry/api:v2");
                d.getMetadata().setGeneration(d.getMetadata().getGeneration() + 1);
                return d;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> rolledOut(client, "api")
                    && pods.pods(NAMESPACE, "api").stream().allMatch(p -> p.getSpec().getContainers().get(0)
                            .getImage().equals("registry/api:v2")));

            client.apps().deployments().inNamespace(NAMESPACE).withName("worker").delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> pods.pods(NAMESPACE, "worker").isEmpty());
            assertThat(pods.pods(NAMESPACE, "api")).hasSize(2);
        }
    }

    private static boolean rolledOut(KubernetesClient client, String name) {
        Deployment deployment = client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
        return deployment.getStatus() != null && deployment.getStatus().getObservedGeneration() != null
                && deployment.getStatus().getObservedGeneration() >= deployment.getMetadata().getGeneration();
    }

    private static Deployment deployment(String name, String tag, int replicas) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).withGeneration(1L).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage("registry/" + name + ":" + tag)
                .endContainer().endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}

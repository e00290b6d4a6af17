package dev.slipway.testkit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

// reset() in ServerSideApplyTest empties the shared mock
@ResourceLock(MockKubernetes.URL_PROPERTY)
class ClusterSimulatorTest {

    private static final String NS = "shop-production";

    @Test
    void failingRolloutShowsCrashLoopingPodsFoundByTheDeploymentSelector() {
        // Given an applied Deployment of two replicas
        MockKubernetes kubernetes = MockKubernetes.shared();
        KubernetesClient client = kubernetes.client();
        Deployment deployment = ServerSideApplyTest.deployment("cart", "registry.local/cart:bad");
        deployment.getMetadata().setNamespace(NS);
        client.resource(deployment).fieldManager("slipway").serverSideApply();

        // When its rollout fails after three restarts
        Deployment failing = kubernetes.simulator().markRolloutFailing(NS, "cart", 3);

        // Then the Deployment reports no available replica and an exceeded progress deadline
        assertThat(failing.getStatus().getUnavailableReplicas()).isEqualTo(2);
        assertThat(failing.getStatus().getAvailableReplicas()).isZero();
        assertThat(failing.getStatus().getConditions())
                .anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("Progressing");
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("ProgressDeadlineExceeded");
                });
        // and its selector finds two crash-looping pods
        List<Pod> pods = client.pods().inNamespace(NS).withLabels(Map.of("app", "cart")).list().getItems();
        assertThat(pods).hasSize(2).allSatisfy(pod -> assertThat(pod.getStatus().getContainerStatuses())
                .singleElement().satisfies(status -> {
                    assertThat(status.getRestartCount()).isEqualTo(3);
                    assertThat(status.getReady()).isFalse();
                    assertThat(status.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
                }));

        // When the rollout is later marked ready, Then the pods are replaced by ready ones
        kubernetes.simulator().markRolloutReady(NS, "cart");
        assertThat(kubernetes.simulator().pods(NS, "cart")).hasSize(2)
                .allSatisfy(pod -> assertThat(pod.getStatus().getContainerStatuses().get(0).getReady()).isTrue());
    }

    @Test
    void testResourcePointsQuarkusAtTheSharedServer() {
        KubernetesTestResource resource = new KubernetesTestResource();
        resource.init(Map.of(KubernetesTestResource.NAMESPACE, "shop"));

        assertThat(resource.start())
                .containsEntry("quarkus.kubernetes-client.api-server-url", MockKubernetes.shared().masterUrl())
                .containsEntry("quarkus.kubernetes-client.trust-certs", "true")
                .containsEntry("quarkus.kubernetes-client.namespace", "shop")
                .containsEntry("quarkus.kubernetes-client.devservices.enabled", "false");
    }
}

package dev.slipway.testkit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

// reset() in ServerSideApplyTest empties the shared mock
@ResourceLock(MockKubernetes.URL_PROPERTY)
class ServerSideApplyTest {

    private static final String NS = "shop-staging";

    private final MockKubernetes kubernetes = MockKubernetes.shared();
    private final KubernetesClient client = kubernetes.client();

    @BeforeEach
    void emptyCluster() {
        kubernetes.reset();
    }

    @Test
    void serverSideApplyTwiceKeepsOneDeploymentWithNewImageAndItsStatus() {
        // Given a Deployment applied once and rolled out
        Deployment first = client.resource(deployment("shop", "registry.local/shop:aaa")).fieldManager("slipway")
                .serverSideApply();
        kubernetes.simulator().markRolloutReady(NS, "shop");

        // When it is applied again with a new image
        Deployment second = client.resource(deployment("shop", "registry.local/shop:bbb")).fieldManager("slipway")
                .serverSideApply();

        // Then there is still one Deployment, with the new image and a higher generation
        assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).singleElement()
                .satisfies(stored -> {
                    assertThat(stored.getMetadata().getUid()).isEqualTo(first.getMetadata().getUid());
                    assertThat(stored.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                            .isEqualTo("registry.local/shop:bbb");
                    assertThat(stored.getMetadata().getGeneration()).isEqualTo(2L);
                    // and the status of the earlier rollout is kept, now behind the generation
                    assertThat(stored.getStatus().getReadyReplicas()).isEqualTo(2);
                    assertThat(stored.getStatus().getObservedGeneration()).isEqualTo(1L);
                });
        assertThat(Long.parseLong(second.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(first.getMetadata().getResourceVersion()));

        // When the rollout of the new generation completes
        Deployment ready = kubernetes.simulator().markRolloutReady(NS, "shop");

        // Then the status has caught up
        assertThat(ready.getStatus().getObservedGeneration()).isEqualTo(2L);
        assertThat(ready.getStatus().getConditions())
                .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Available=True"));
    }

    @Test
    void patchOfTypeServerSideApplyCreatesAndReappliesWithoutChangingAnything() {
        // Given a ConfigMap applied through the patch API
        ConfigMap config = new ConfigMapBuilder().withNewMetadata().withName("shop-release").withNamespace(NS)
                .endMetadata().addToData("revision", "1").build();
        PatchContext apply = new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager("slipway").withForce(true).build();
        ConfigMap created = client.configMaps().inNamespace(NS).resource(config).patch(apply);

        // When the same object is applied again
        ConfigMap again = client.configMaps().inNamespace(NS).resource(config).patch(apply);

        // Then it exists once, unchanged, with the same resource version
        assertThat(created.getData()).containsEntry("revision", "1");
        assertThat(again.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
        assertThat(client.configMaps().inNamespace(NS).list().getItems()).hasSize(1);
    }

    @Test
    void applyDropsFieldsTheManagerStoppedApplyingAndKeepsFieldsOfOthers() {
        // Given a Deployment applied with an annotation, and a label added by someone else
        Deployment applied = deployment("shop", "registry.local/shop:aaa");
        applied.getMetadata().setAnnotations(Map.of("slipway.dev/run", "run-1"));
        client.resource(applied).fieldManager("slipway").serverSideApply();
        client.apps().deployments().inNamespace(NS).withName("shop")
                .edit(d -> new DeploymentBuilder(d).editMetadata().addToLabels("team", "checkout").endMetadata()
                        .build());

        // When it is applied without the annotation
        client.resource(deployment("shop", "registry.local/shop:aaa")).fieldManager("slipway").serverSideApply();

        // Then the annotation is gone, the other writer's label stays, and the spec did not change generation
        Deployment stored = client.apps().deployments().inNamespace(NS).withName("shop").get();
        assertThat(stored.getMetadata().getAnnotations()).doesNotContainKey("slipway.dev/run");
        assertThat(stored.getMetadata().getLabels()).containsEntry("team", "checkout").containsEntry("app", "shop");
        assertThat(stored.getMetadata().getGeneration()).isEqualTo(1L);
    }

    @Test
    void updateIgnoresStatusLikeARealApiServer() {
        // Given a ready Deployment
        client.resource(deployment("shop", "registry.local/shop:aaa")).fieldManager("slipway").serverSideApply();
        kubernetes.simulator().markRolloutReady(NS, "shop");

        // When a client edits it and tries to clear its status
        client.apps().deployments().inNamespace(NS).withName("shop")
                .edit(d -> new DeploymentBuilder(d).withStatus(null).editSpec().withReplicas(3).endSpec().build());

        // Then the spec changed and the status is still the controller's
        Deployment stored = client.apps().deployments().inNamespace(NS).withName("shop").get();
        assertThat(stored.getSpec().getReplicas()).isEqualTo(3);
        assertThat(stored.getStatus().getReadyReplicas()).isEqualTo(2);
    }

    static Deployment deployment(String name, String image) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).addToLabels("app", name).endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage(image).endContainer().endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}

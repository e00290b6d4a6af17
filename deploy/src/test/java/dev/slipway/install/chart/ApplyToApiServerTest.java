package dev.slipway.install.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import dev.slipway.install.chart.support.Manifests;
import dev.slipway.install.chart.support.SlipwayChart;
import dev.slipway.testkit.kubernetes.MockKubernetes;

/**
 * The rendered objects, server-side applied (field manager {@code slipway}) to testkit's Kubernetes API server and read
 * back: what {@code helm install} would send is accepted and stored as rendered.
 */
class ApplyToApiServerTest {

    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding");

    private final KubernetesClient client = MockKubernetes.shared().client();

    @AfterEach
    void clean() {
        MockKubernetes.shared().reset();
    }

    @Test
    void everyObjectOfADefaultInstallAppliesAndReadsBack() {
        Manifests manifests = SlipwayChart.render(Map.of());

        applyAll(manifests);

        assertStoredAsRendered(manifests);
    }

    @Test
    void everyObjectOfAProductionInstallAppliesAndReadsBack() {
        Manifests manifests = SlipwayChart.render(SlipwayChart.values("production"));

        applyAll(manifests);

        assertStoredAsRendered(manifests);
        Deployment gateway = client.apps().deployments().inNamespace(SlipwayChart.NAMESPACE).withName("slipway-gateway")
                .get();
        assertThat(gateway.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .isEqualTo(manifests.container("gateway").getEnv());
        assertThat(gateway.getSpec().getTemplate().getSpec().getContainers().get(0).getSecurityContext()
                .getReadOnlyRootFilesystem()).isTrue();
    }

    @Test
    void appliedRolesExistOnlyInTheManagedNamespaces() {
        applyAll(SlipwayChart.render(SlipwayChart.values("production")));

        List<Role> roles = client.rbac().roles().inAnyNamespace().list().getItems();

        assertThat(roles).extracting(r -> r.getMetadata().getNamespace()).containsOnly("shop-staging",
                "shop-production");
        assertThat(roles).extracting(r -> r.getMetadata().getName()).containsOnly("slipway-deploy", "slipway-secrets",
                "slipway-backup");
        assertThat(client.rbac().roleBindings().inAnyNamespace().list().getItems()).hasSize(6);
    }

    @Test
    void applyingTheSameReleaseAgainChangesNothing() {
        Manifests manifests = SlipwayChart.render(SlipwayChart.values("production"));
        applyAll(manifests);
        Map<String, String> versions = resourceVersions(manifests);

        applyAll(manifests);

        assertThat(resourceVersions(manifests)).isEqualTo(versions);
        assertStoredAsRendered(manifests);
    }

    @Test
    void anUpgradeChangesOnlyWhatItsValuesChange() {
        Manifests before = SlipwayChart.render(Map.of());
        applyAll(before);
        Map<String, String> versions = resourceVersions(before);

        Manifests after = SlipwayChart.render(Map.of("build", Map.of("image", Map.of("tag", "0.2.0"))));
        applyAll(after);

        Map<String, String> changed = resourceVersions(after);
        assertThat(changed.keySet().stream().filter(k -> !changed.get(k).equals(versions.get(k))))
                .containsExactly("Deployment/slipway-system/slipway-build");
        assertThat(client.apps().deployments().inNamespace(SlipwayChart.NAMESPACE).withName("slipway-build").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("slipway/build-service:0.2.0");
    }

    private void applyAll(Manifests manifests) {
        Set<String> namespaces = manifests.objects().stream().map(o -> o.getMetadata().getNamespace())
                .filter(ns -> ns != null).collect(Collectors.toSet());
        namespaces.add(SlipwayChart.NAMESPACE);
        Set<String> rendered = manifests.all(Namespace.class).stream().map(n -> n.getMetadata().getName())
                .collect(Collectors.toSet());
        for (String namespace : namespaces) {
            if (!rendered.contains(namespace)) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                        .endMetadata().build()).fieldManager("test").serverSideApply();
            }
        }
        for (HasMetadata object : manifests.objects()) {
            resource(object).fieldManager("slipway").forceConflicts().serverSideApply();
        }
    }

    private void assertStoredAsRendered(Manifests manifests) {
        for (HasMetadata object : manifests.objects()) {
            HasMetadata stored = resource(object).get();
            String name = key(object);
            assertThat(stored).as(name).isNotNull();
            assertThat(stored.getKind()).as(name).isEqualTo(object.getKind());
            assertThat(stored.getMetadata().getLabels()).as(name).isEqualTo(object.getMetadata().getLabels());
            if (object instanceof ClusterRole role) {
                assertThat(((ClusterRole) stored).getRules()).as(name).isEqualTo(role.getRules());
            }
            if (object instanceof Role role) {
                assertThat(((Role) stored).getRules()).as(name).isEqualTo(role.getRules());
            }
            if (object instanceof RoleBinding binding) {
                assertThat(((RoleBinding) stored).getSubjects()).as(name).isEqualTo(binding.getSubjects());
                assertThat(((RoleBinding) stored).getRoleRef()).as(name).isEqualTo(binding.getRoleRef());
            }
            if (object instanceof NetworkPolicy policy) {
                assertThat(((NetworkPolicy) stored).getSpec()).as(name).isEqualTo(policy.getSpec());
            }
            if (object instanceof Deployment deployment) {
                assertThat(((Deployment) stored).getSpec()).as(name).isEqualTo(deployment.getSpec());
            }
            if (object instanceof GenericKubernetesResource generic) {
                assertThat(((GenericKubernetesResource) stored).getAdditionalProperties().get("spec")).as(name)
                        .isEqualTo(generic.getAdditionalProperties().get("spec"));
            }
        }
    }

    /**
     * Resource versions of the namespaced objects. testkit's API server moves the resource version of a cluster-scoped
     * object on every apply, changed or not, so those are compared by content instead ({@link #assertStoredAsRendered}).
     */
    private Map<String, String> resourceVersions(Manifests manifests) {
        return manifests.objects().stream().filter(o -> !CLUSTER_SCOPED.contains(o.getKind()))
                .collect(Collectors.toMap(ApplyToApiServerTest::key,
                        o -> resource(o).get().getMetadata().getResourceVersion()));
    }

    /** Typed kinds through the client's model; kinds it has no model for by their group, version and plural. */
    private Resource<? extends HasMetadata> resource(HasMetadata object) {
        String namespace = CLUSTER_SCOPED.contains(object.getKind())
                ? null
                : object.getMetadata().getNamespace() != null
                        ? object.getMetadata().getNamespace()
                        : SlipwayChart.NAMESPACE;
        if (object instanceof GenericKubernetesResource generic) {
            String[] apiVersion = generic.getApiVersion().split("/");
            ResourceDefinitionContext context = new ResourceDefinitionContext.Builder().withGroup(apiVersion[0])
                    .withVersion(apiVersion[1]).withKind(generic.getKind())
                    .withPlural(generic.getKind().toLowerCase(Locale.ROOT) + "s").withNamespaced(true).build();
            return client.genericKubernetesResources(context).inNamespace(namespace).resource(generic);
        }
        return namespace == null ? client.resource(object) : client.resource(object).inNamespace(namespace);
    }

    private static String key(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }
}

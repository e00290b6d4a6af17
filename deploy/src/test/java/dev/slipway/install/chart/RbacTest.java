package dev.slipway.install.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;

import dev.slipway.install.chart.support.Manifests;
import dev.slipway.install.chart.support.SlipwayChart;

/** Least privilege: write access only in the managed namespaces, granted there one Role at a time. */
class RbacTest {

    private static final Set<String> READ_VERBS = Set.of("get", "list", "watch");
    private static final List<String> MANAGED = List.of("shop-staging", "shop-production");

    private final Manifests production = SlipwayChart.render(SlipwayChart.values("production"));

    @Test
    void writeVerbsAreGrantedOnlyInTheManagedNamespaces() {
        for (Role role : production.all(Role.class)) {
            assertThat(MANAGED).as(role.getMetadata().getName()).contains(role.getMetadata().getNamespace());
        }
        assertThat(production.all(Role.class)).extracting(r -> r.getMetadata().getNamespace())
                .containsOnly(MANAGED.toArray(String[]::new));
        for (ClusterRole role : production.all(ClusterRole.class)) {
            assertThat(role.getRules()).flatExtracting(PolicyRule::getVerbs).as(role.getMetadata().getName())
                    .isSubsetOf(READ_VERBS);
        }
    }

    @Test
    void noRuleUsesWildcards() {
        for (Role role : production.all(Role.class)) {
            assertNoWildcards(role.getRules());
        }
        for (ClusterRole role : production.all(ClusterRole.class)) {
            assertNoWildcards(role.getRules());
        }
    }

    @Test
    void eachManagedNamespaceBindsDeploySecretsAndBackupToTheirOwnRoles() {
        for (String namespace : MANAGED) {
            for (String key : List.of("deploy", "secrets", "backup")) {
                String name = SlipwayChart.objectName(key);
                assertThat(production.get(Role.class, namespace, name)).isNotNull();
                RoleBinding binding = production.get(RoleBinding.class, namespace, name);
                assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
                assertThat(binding.getRoleRef().getName()).isEqualTo(name);
                assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
                    assertThat(subject.getKind()).isEqualTo("ServiceAccount");
                    assertThat(subject.getName()).isEqualTo(name);
                    assertThat(subject.getNamespace()).isEqualTo(SlipwayChart.NAMESPACE);
                });
            }
        }
        assertThat(production.all(RoleBinding.class)).hasSize(MANAGED.size() * 3);
    }

    @Test
    void backupServiceMayOnlyReadSecrets() {
        Role backup = production.get(Role.class, "shop-production", "slipway-backup");

        assertThat(backup.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("");
            assertThat(rule.getResources()).containsExactly("secrets");
            assertThat(rule.getVerbs()).containsExactly("get");
        });
    }

    @Test
    void secretsServiceMayWriteSecretsAndNothingElse() {
        Role secrets = production.get(Role.class, "shop-staging", "slipway-secrets");

        assertThat(secrets.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getResources()).containsExactly("secrets");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "create", "patch");
            assertThat(rule.getVerbs()).doesNotContain("delete", "list");
        });
    }

    @Test
    void deployServiceManagesApplicationKindsButNeitherSecretsNorRbac() {
        Role deploy = production.get(Role.class, "shop-staging", "slipway-deploy");

        assertThat(deploy.getRules()).flatExtracting(PolicyRule::getResources).contains("deployments", "services",
                "serviceaccounts", "configmaps", "ingresses", "horizontalpodautoscalers", "poddisruptionbudgets",
                "httproutes", "pods").doesNotContain("secrets", "roles", "rolebindings");
        assertThat(deploy.getRules()).filteredOn(r -> r.getResources().contains("deployments")).singleElement()
                .satisfies(r -> assertThat(r.getVerbs()).contains("create", "patch", "delete"));
        assertThat(deploy.getRules()).filteredOn(r -> r.getResources().contains("pods")).singleElement()
                .satisfies(r -> assertThat(r.getVerbs()).isSubsetOf(READ_VERBS));
        assertThat(deploy.getRules()).flatExtracting(PolicyRule::getApiGroups)
                .doesNotContain("rbac.authorization.k8s.io");
    }

    @Test
    void deployServiceReadsNamespacesAndWatchesReleaseStatesAcrossNamespacesReadOnly() {
        ClusterRole read = production.all(ClusterRole.class).get(0);

        assertThat(production.all(ClusterRole.class)).hasSize(1);
        assertThat(read.getRules()).extracting(r -> r.getResources().get(0) + ":" + String.join(",", r.getVerbs()))
                .containsExactlyInAnyOrder("namespaces:get", "configmaps:list,watch");
        ClusterRoleBinding binding = production.all(ClusterRoleBinding.class).get(0);
        assertThat(binding.getRoleRef().getName()).isEqualTo(read.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement()
                .satisfies(s -> assertThat(s.getName()).isEqualTo("slipway-deploy"));
        assertThat(read.getMetadata().getName()).as("unique per installation namespace")
                .contains(SlipwayChart.NAMESPACE);
    }

    @Test
    void gatewayBuildAndChartAreGrantedNothing() {
        for (String key : List.of("gateway", "build", "chart")) {
            String account = SlipwayChart.objectName(key);
            assertThat(production.all(RoleBinding.class)).flatExtracting(RoleBinding::getSubjects)
                    .noneMatch(s -> account.equals(s.getName()));
            assertThat(production.all(ClusterRoleBinding.class)).flatExtracting(ClusterRoleBinding::getSubjects)
                    .noneMatch(s -> account.equals(s.getName()));
        }
    }

    @Test
    void withoutManagedNamespacesNoRoleIsGrantedAnywhere() {
        Manifests defaults = SlipwayChart.render(Map.of());

        assertThat(defaults.all(Role.class)).isEmpty();
        assertThat(defaults.all(RoleBinding.class)).isEmpty();
        assertThat(defaults.all(Namespace.class)).isEmpty();
    }

    @Test
    void extraRulesForRepositoryChartsAreGrantedInTheManagedNamespacesOnly() {
        Manifests manifests = SlipwayChart.render(Map.of("managedNamespaces", List.of("shop"), "deploy",
                Map.of("extraRules", List.of(Map.of("apiGroups", List.of("batch"), "resources", List.of("cronjobs"),
                        "verbs", List.of("get", "create", "patch", "delete"))))));

        assertThat(manifests.get(Role.class, "shop", "slipway-deploy").getRules())
                .anySatisfy(r -> assertThat(r.getResources()).containsExactly("cronjobs"));
        assertThat(manifests.all(ClusterRole.class)).flatExtracting(ClusterRole::getRules)
                .flatExtracting(PolicyRule::getResources).doesNotContain("cronjobs");
    }

    @Test
    void managedNamespacesAreCreatedWhenAskedAndKeptOnUninstall() {
        assertThat(production.all(Namespace.class)).extracting(n -> n.getMetadata().getName())
                .containsExactlyElementsOf(MANAGED);
        assertThat(production.all(Namespace.class)).allSatisfy(n -> assertThat(n.getMetadata().getAnnotations())
                .containsEntry("helm.sh/resource-policy", "keep"));
    }

    @Test
    void rbacCanBeLeftToTheClusterAdministrator() {
        Manifests manifests = SlipwayChart.render(Map.of("managedNamespaces", MANAGED, "rbac",
                Map.of("create", false)));

        assertThat(manifests.all(Role.class)).isEmpty();
        assertThat(manifests.all(ClusterRole.class)).isEmpty();
        assertThat(manifests.all(ClusterRoleBinding.class)).isEmpty();
    }

    private static void assertNoWildcards(List<PolicyRule> rules) {
        assertThat(rules).allSatisfy(rule -> {
            assertThat(rule.getVerbs()).doesNotContain("*");
            assertThat(rule.getResources()).doesNotContain("*");
            assertThat(rule.getApiGroups()).doesNotContain("*");
        });
    }
}

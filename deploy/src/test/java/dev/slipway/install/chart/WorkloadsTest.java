package dev.slipway.install.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import dev.slipway.install.chart.support.Manifests;
import dev.slipway.install.chart.support.SlipwayChart;

/** The six services' Deployments, Services, autoscalers, disruption budgets and the gateway's Ingress. */
class WorkloadsTest {

    static Stream<String> valueSets() {
        return Stream.of("defaults", "production");
    }

    static Manifests render(String valueSet) {
        return SlipwayChart.render("defaults".equals(valueSet) ? Map.of() : SlipwayChart.values(valueSet));
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void installsTheSixServicesEachWithItsServiceAndServiceAccount(String valueSet) {
        Manifests manifests = render(valueSet);

        assertThat(manifests.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
                .containsExactly("slipway-gateway", "slipway-build", "slipway-chart", "slipway-deploy",
                        "slipway-secrets", "slipway-backup");
        for (String key : SlipwayChart.SERVICES) {
            Deployment deployment = manifests.deployment(key);
            assertThat(manifests.container(key).getName()).isEqualTo(key + "-service");
            assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
                    .isEqualTo(SlipwayChart.objectName(key));
            assertThat(manifests.get(ServiceAccount.class, SlipwayChart.objectName(key))).isNotNull();

            Service service = manifests.get(Service.class, SlipwayChart.objectName(key));
            assertThat(service.getSpec().getSelector())
                    .isEqualTo(deployment.getSpec().getSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/component", key + "-service");
            assertThat(service.getSpec().getPorts()).singleElement()
                    .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        }
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void everyContainerIsProbedOnQuarkusHealth(String valueSet) {
        Manifests manifests = render(valueSet);

        for (String key : SlipwayChart.SERVICES) {
            Container container = manifests.container(key);
            assertThat(container.getPorts()).singleElement()
                    .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080))
                    .satisfies(p -> assertThat(p.getName()).isEqualTo("http"));
            assertThat(path(container.getLivenessProbe())).as(key).isEqualTo("/q/health/live");
            assertThat(path(container.getReadinessProbe())).as(key).isEqualTo("/q/health/ready");
            assertThat(path(container.getStartupProbe())).as(key).isEqualTo("/q/health/live");
            assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        }
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void everyContainerHasRequestsAndLimitsOfCpuAndMemory(String valueSet) {
        Manifests manifests = render(valueSet);

        for (String key : SlipwayChart.SERVICES) {
            var resources = manifests.container(key).getResources();
            assertThat(resources.getRequests()).as(key).containsKeys("cpu", "memory");
            assertThat(resources.getLimits()).as(key).containsKeys("cpu", "memory");
            assertThat(Quantity.getAmountInBytes(resources.getLimits().get("memory")))
                    .as(key + " memory limit at least its request")
                    .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(resources.getRequests().get("memory")));
        }
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void everyPodRunsAsNonRootOnAReadOnlyRootFilesystemWithAWritableTmp(String valueSet) {
        Manifests manifests = render(valueSet);

        for (String key : SlipwayChart.SERVICES) {
            PodSpec pod = manifests.deployment(key).getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(key).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(key).isPositive();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

            Container container = manifests.container(key);
            var security = container.getSecurityContext();
            assertThat(security.getRunAsNonRoot()).as(key).isTrue();
            assertThat(security.getReadOnlyRootFilesystem()).as(key).isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).as(key).isFalse();
            assertThat(security.getPrivileged()).as(key).isNotEqualTo(Boolean.TRUE);
            assertThat(security.getCapabilities().getDrop()).as(key).containsExactly("ALL");
            assertThat(security.getCapabilities().getAdd()).as(key).isNullOrEmpty();

            assertThat(container.getVolumeMounts()).extracting(VolumeMount::getMountPath).contains("/tmp");
            assertThat(pod.getVolumes()).filteredOn(v -> "tmp".equals(v.getName())).singleElement()
                    .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
        }
    }

    @Test
    void helmRunningServicesGetAWritableHomeAndJnaDirectory() {
        Manifests manifests = SlipwayChart.render(Map.of());

        for (String key : List.of("chart", "deploy")) {
            assertThat(env(manifests.container(key), "JAVA_TOOL_OPTIONS")).contains("-Djna.tmpdir=/tmp");
            assertThat(env(manifests.container(key), "HOME")).isEqualTo("/tmp");
        }
        assertThat(env(manifests.container("build"), "SLIPWAY_BUILD_WORK_DIRECTORY"))
                .isEqualTo("/var/lib/slipway-build/work");
        assertThat(manifests.container("build").getVolumeMounts()).extracting(VolumeMount::getMountPath)
                .contains("/var/lib/slipway-build/work", "/var/lib/slipway-build/cache");
        assertThat(manifests.deployment("build").getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getName().startsWith("build-")).extracting(Volume::getEmptyDir)
                .allSatisfy(dir -> assertThat(dir.getSizeLimit()).isEqualTo(new Quantity("10Gi")));
    }

    @Test
    void onlyServicesThatCallTheKubernetesApiGetAToken() {
        Manifests manifests = SlipwayChart.render(Map.of());

        for (String key : SlipwayChart.SERVICES) {
            boolean callsApi = List.of("deploy", "secrets", "backup").contains(key);
            assertThat(manifests.deployment(key).getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                    .as(key).isEqualTo(callsApi);
            assertThat(manifests.get(ServiceAccount.class, SlipwayChart.objectName(key))
                    .getAutomountServiceAccountToken()).as(key).isEqualTo(callsApi);
        }
    }

    @Test
    void imagesComeFromTheConfiguredRegistryByTagOrDigest() {
        Manifests defaults = SlipwayChart.render(Map.of());
        Manifests production = SlipwayChart.render(SlipwayChart.values("production"));

        assertThat(defaults.container("gateway").getImage()).isEqualTo("slipway/gateway-service:0.1.0-SNAPSHOT");
        assertThat(production.container("gateway").getImage())
                .isEqualTo("registry.example.com/platform/slipway/gateway-service:1.4.2");
        assertThat(production.container("build").getImage()).isEqualTo(
                "registry.example.com/platform/slipway/build-service@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        assertThat(production.deployment("build").getSpec().getTemplate().getSpec().getImagePullSecrets())
                .singleElement().satisfies(r -> assertThat(r.getName()).isEqualTo("registry-pull"));
    }

    @Test
    void everyServiceHasADisruptionBudgetAndEveryScalableOneAnAutoscaler() {
        Manifests manifests = SlipwayChart.render(Map.of());

        for (String key : SlipwayChart.SERVICES) {
            PodDisruptionBudget budget = manifests.get(PodDisruptionBudget.class, SlipwayChart.objectName(key));
            assertThat(budget.getSpec().getSelector().getMatchLabels())
                    .isEqualTo(manifests.deployment(key).getSpec().getSelector().getMatchLabels());
        }
        assertThat(manifests.all(HorizontalPodAutoscaler.class)).extracting(h -> h.getSpec().getScaleTargetRef()
                .getName()).containsExactly("slipway-gateway", "slipway-build", "slipway-chart", "slipway-deploy",
                        "slipway-secrets");
        HorizontalPodAutoscaler gateway = manifests.get(HorizontalPodAutoscaler.class, "slipway-gateway");
        assertThat(gateway.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(gateway.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(gateway.getSpec().getMetrics()).singleElement()
                .satisfies(m -> assertThat(m.getResource().getName()).isEqualTo("cpu"));
        assertThat(manifests.get(PodDisruptionBudget.class, "slipway-gateway").getSpec().getMinAvailable().getIntVal())
                .isEqualTo(1);
    }

    @Test
    void anAutoscaledDeploymentLeavesItsReplicasToTheAutoscaler() {
        Manifests manifests = SlipwayChart.render(Map.of());

        assertThat(manifests.deployment("gateway").getSpec().getReplicas()).isNull();
        assertThat(manifests.deployment("backup").getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void backupServiceRunsOneInstanceReplacedNotOverlapped() {
        Manifests manifests = SlipwayChart.render(Map.of());

        Deployment backup = manifests.deployment("backup");
        assertThat(backup.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(manifests.get(PodDisruptionBudget.class, "slipway-backup").getSpec().getMaxUnavailable()
                .getIntVal()).as("a single instance may still be drained").isEqualTo(1);
        assertThat(manifests.deployment("gateway").getSpec().getStrategy().getRollingUpdate().getMaxUnavailable()
                .getIntVal()).isZero();
    }

    @Test
    void theGatewayAloneIsExposedThroughAnIngress() {
        Manifests defaults = SlipwayChart.render(Map.of());
        Manifests production = SlipwayChart.render(SlipwayChart.values("production"));

        Ingress ingress = production.get(Ingress.class, "slipway-gateway");
        assertThat(production.all(Ingress.class)).hasSize(1);
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getSecretName()).isEqualTo("slipway-tls");
            assertThat(tls.getHosts()).containsExactly("slipway.acme.example");
        });
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("slipway.acme.example");
            assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
                assertThat(path.getBackend().getService().getName()).isEqualTo("slipway-gateway");
                assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
            });
        });
        assertThat(defaults.get(Ingress.class, "slipway-gateway").getSpec().getTls()).isNullOrEmpty();
        assertThat(SlipwayChart.render(Map.of("ingress", Map.of("enabled", false))).all(Ingress.class)).isEmpty();
    }

    @Test
    void serviceMonitorsScrapeQuarkusMetricsWhenEnabled() {
        Manifests production = SlipwayChart.render(SlipwayChart.values("production"));

        assertThat(production.generic("ServiceMonitor")).hasSize(6).allSatisfy(monitor -> {
            assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
            assertThat(monitor.get("spec", "endpoints", 0, "path").toString()).isEqualTo("/q/metrics");
        });
        assertThat(SlipwayChart.render(Map.of()).generic("ServiceMonitor")).isEmpty();
    }

    @Test
    void aDisabledServiceLeavesNothingBehind() {
        Manifests manifests = SlipwayChart.render(Map.of("build", Map.of("enabled", false)));

        assertThat(manifests.names()).noneMatch(name -> name.endsWith("/slipway-build"));
        assertThat(manifests.all(Deployment.class)).hasSize(5);
    }

    private static String path(Probe probe) {
        assertThat(probe).isNotNull();
        return probe.getHttpGet().getPath();
    }

    static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> name.equals(e.getName())).findFirst()
                .map(e -> e.getValue())
                .orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
    }
}

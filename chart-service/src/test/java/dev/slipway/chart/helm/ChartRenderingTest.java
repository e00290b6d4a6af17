package dev.slipway.chart.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import dev.slipway.chart.source.InvalidChartException;
import dev.slipway.chart.support.Samples;
import dev.slipway.chart.support.TestCharts;
import dev.slipway.testkit.kubernetes.Manifests;

/** The built-in chart rendered by real Helm, each object read into fabric8's model. */
class ChartRenderingTest {

    private static final Map<String, Object> NONE = Map.of();

    @TempDir
    Path dir;
    TestCharts charts;
    Path minimal;
    Path full;

    @BeforeEach
    void charts() {
        charts = new TestCharts(dir);
        minimal = charts.chart(Samples.minimal());
        full = charts.chart(Samples.full());
    }

    @Test
    void chartsLintCleanUnderStrictLint() throws InvalidChartException {
        assertThat(charts.helm().lint(minimal)).noneMatch(m -> m.startsWith("[WARNING]") || m.startsWith("[ERROR]"));
        assertThat(charts.helm().lint(full)).noneMatch(m -> m.startsWith("[WARNING]") || m.startsWith("[ERROR]"));
    }

    @Test
    void defaultsRenderServiceAccountDeploymentAndService() throws InvalidChartException {
        Manifests m = charts.manifests(minimal, NONE);

        assertThat(m.names()).containsExactlyInAnyOrder("ServiceAccount/tiny", "Service/tiny", "Deployment/tiny");
        Deployment deployment = m.get(Deployment.class, "tiny");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        Container app = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(app.getImage()).isEqualTo("127.0.0.1:5000/apps/tiny@" + Samples.MINIMAL_DIGEST);
        assertThat(app.getEnvFrom()).isEmpty();
        assertThat(m.get(ServiceAccount.class, "tiny").getAutomountServiceAccountToken()).isFalse();
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("tiny");
    }

    @Test
    void deploymentRunsNonRootReadOnlyWithoutPrivilegeAndAWritableTmp() throws InvalidChartException {
        PodSpec pod = charts.manifests(full, NONE).get(Deployment.class, "hello").getSpec().getTemplate().getSpec();
        Container app = pod.getContainers().get(0);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(app.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(app.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(app.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(app.getSecurityContext().getPrivileged()).isFalse();
        assertThat(app.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(app.getVolumeMounts()).singleElement()
                .satisfies(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
        assertThat(pod.getVolumes()).singleElement()
                .satisfies(volume -> assertThat(volume.getEmptyDir()).isNotNull());
    }

    @Test
    void deploymentCarriesProbesResourcesAndPlainEnv() throws InvalidChartException {
        Container app = charts.manifests(full, NONE).get(Deployment.class, "hello").getSpec().getTemplate()
                .getSpec().getContainers().get(0);

        assertThat(app.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/index.html");
        assertThat(app.getReadinessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString("http"));
        assertThat(app.getReadinessProbe().getPeriodSeconds()).isEqualTo(2);
        assertThat(app.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/");
        assertThat(app.getStartupProbe().getFailureThreshold()).isEqualTo(30);
        assertThat(app.getResources().getRequests()).containsEntry("cpu", new Quantity("50m"))
                .containsEntry("memory", new Quantity("32Mi"));
        assertThat(app.getResources().getLimits()).containsEntry("cpu", new Quantity("200m"))
                .containsEntry("memory", new Quantity("64Mi"));
        assertThat(app.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(8080);
        });
        assertThat(app.getEnv()).singleElement().satisfies(e -> {
            assertThat(e.getName()).isEqualTo("GREETING");
            assertThat(e.getValue()).isEqualTo("hello");
        });
    }

    @Test
    void probeWithItsOwnPortUsesIt() throws InvalidChartException {
        Container app = charts.manifests(minimal, Map.of("probes", Map.of("liveness", Map.of("path", "/live",
                "port", 9090)))).get(Deployment.class, "tiny").getSpec().getTemplate().getSpec().getContainers()
                .get(0);

        assertThat(app.getLivenessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString(9090));
        assertThat(app.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/live");
    }

    @Test
    void deploymentRollsWithoutUnavailablePodsAndSpreadsAcrossNodes() throws InvalidChartException {
        Deployment deployment = charts.manifests(minimal, NONE).get(Deployment.class, "tiny");

        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable())
                .isEqualTo(new IntOrString(0));
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge())
                .isEqualTo(new IntOrString("25%"));
        assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).singleElement()
                .satisfies(c -> {
                    assertThat(c.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                    assertThat(c.getLabelSelector().getMatchLabels())
                            .containsEntry("app.kubernetes.io/name", "tiny")
                            .containsEntry("slipway.dev/track", "stable");
                });
    }

    @Test
    void stableDeploymentAndServiceSelectByNameAndTrack() throws InvalidChartException {
        Manifests m = charts.manifests(minimal, NONE);
        Deployment deployment = m.get(Deployment.class, "tiny");

        assertThat(deployment.getSpec().getSelector().getMatchLabels()).containsExactlyInAnyOrderEntriesOf(
                Map.of("app.kubernetes.io/name", "tiny", "slipway.dev/track", "stable"));
        assertThat(deployment.getMetadata().getLabels()).containsEntry("slipway.dev/track", "stable");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("slipway.dev/track", "stable").containsEntry("app.kubernetes.io/name", "tiny");
        assertThat(m.get(Service.class, "tiny").getSpec().getSelector())
                .containsExactlyEntriesOf(Map.of("app.kubernetes.io/name", "tiny"));
    }

    @Test
    void environmentAndExtraLabelsAreOnEveryObjectAndPodTemplate() throws InvalidChartException {
        Manifests m = charts.manifests(full, Map.of("environment", "production",
                "labels", Map.of("slipway.dev/run", "run-42", "slipway.dev/revision", "7"),
                "canary", Map.of("enabled", true),
                "httpRoute", Map.of("enabled", true, "parentRefs", List.of(Map.of("name", "gw")))));

        assertThat(m.objects()).hasSize(10).allSatisfy(o -> assertThat(o.getMetadata().getLabels())
                .containsEntry("slipway.dev/environment", "production")
                .containsEntry("slipway.dev/run", "run-42")
                .containsEntry("slipway.dev/revision", "7")
                .containsEntry("app.kubernetes.io/name", "hello")
                .containsEntry("app.kubernetes.io/version", Samples.full().commit().sha()));
        assertThat(m.all(Deployment.class)).hasSize(2).allSatisfy(d -> assertThat(
                d.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("slipway.dev/run", "run-42")
                .containsEntry("slipway.dev/environment", "production"));
        assertThat(m.get(Deployment.class, "hello").getSpec().getSelector().getMatchLabels())
                .doesNotContainKeys("slipway.dev/run", "slipway.dev/environment");
    }

    @Test
    void extraLabelsCannotReplaceTheStandardOnes() throws InvalidChartException {
        Manifests m = charts.manifests(minimal, Map.of("labels", Map.of("app.kubernetes.io/name", "other")));

        assertThat(m.get(Deployment.class, "tiny").getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/name", "tiny");
    }

    @Test
    void ingressRoutesTheHostToTheServiceWithTls() throws InvalidChartException {
        Ingress ingress = charts.manifests(full, NONE).get(Ingress.class, "hello");

        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getHosts()).containsExactly("hello.example.test");
            assertThat(tls.getSecretName()).isEqualTo("hello-tls");
        });
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("hello.example.test");
            assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
                assertThat(path.getPath()).isEqualTo("/");
                assertThat(path.getPathType()).isEqualTo("Prefix");
                assertThat(path.getBackend().getService().getName()).isEqualTo("hello");
                assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
            });
        });
        assertThat(ingress.getSpec().getIngressClassName()).isNull();
    }

    @Test
    void ingressWithoutTlsSecretServesPlainHttpWithItsClass() throws InvalidChartException {
        Ingress ingress = charts.manifests(minimal, Map.of("ingress", Map.of("enabled", true, "host",
                "tiny.example.test", "className", "nginx"))).get(Ingress.class, "tiny");

        assertThat(ingress.getSpec().getTls()).isEmpty();
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    }

    @Test
    void hpaScalesTheStableDeploymentWhichThenHasNoReplicaCount() throws InvalidChartException {
        Manifests m = charts.manifests(full, NONE);
        HorizontalPodAutoscaler hpa = m.get(HorizontalPodAutoscaler.class, "hello");

        assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("hello");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(4);
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(metric -> {
            assertThat(metric.getResource().getName()).isEqualTo("cpu");
            assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
            assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(75);
        });
        assertThat(m.get(Deployment.class, "hello").getSpec().getReplicas()).isNull();
    }

    @Test
    void pdbIsRenderedOnlyWhenMoreThanOneReplicaRuns() throws InvalidChartException {
        assertThat(charts.manifests(minimal, NONE).all(PodDisruptionBudget.class)).isEmpty();

        PodDisruptionBudget pdb = charts.manifests(minimal, Map.of("replicas", 3))
                .get(PodDisruptionBudget.class, "tiny");
        assertThat(pdb.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        assertThat(pdb.getSpec().getSelector().getMatchLabels())
                .containsExactlyEntriesOf(Map.of("app.kubernetes.io/name", "tiny"));

        assertThat(charts.manifests(minimal, Map.of("hpa", Map.of("enabled", true, "minReplicas", 2)))
                .all(PodDisruptionBudget.class)).hasSize(1);
        assertThat(charts.manifests(minimal, Map.of("hpa", Map.of("enabled", true, "minReplicas", 1),
                "replicas", 5)).all(PodDisruptionBudget.class)).as("the HPA's minimum decides").isEmpty();
        assertThat(charts.manifests(minimal, Map.of("replicas", 3, "pdb", Map.of("enabled", false)))
                .all(PodDisruptionBudget.class)).isEmpty();
        assertThat(charts.manifests(minimal, Map.of("pdb", Map.of("enabled", true)))
                .all(PodDisruptionBudget.class)).hasSize(1);
    }

    @Test
    void canaryAddsASecondDeploymentAndTrackServices() throws InvalidChartException {
        String canaryDigest = "sha256:" + "ef".repeat(32);
        Manifests m = charts.manifests(full, Map.of("canary", Map.of("enabled", true, "replicas", 1,
                "image", Map.of("digest", canaryDigest))));

        assertThat(m.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("hello", "hello-canary");
        assertThat(m.all(Service.class)).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("hello", "hello-stable", "hello-canary");

        Deployment canary = m.get(Deployment.class, "hello-canary");
        assertThat(canary.getSpec().getReplicas()).isEqualTo(1);
        assertThat(canary.getSpec().getSelector().getMatchLabels()).containsExactlyInAnyOrderEntriesOf(
                Map.of("app.kubernetes.io/name", "hello", "slipway.dev/track", "canary"));
        assertThat(canary.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("slipway.dev/track", "canary");
        assertThat(canary.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("127.0.0.1:5000/apps/hello@" + canaryDigest);
        assertThat(m.get(Deployment.class, "hello").getSpec().getTemplate().getSpec().getContainers().get(0)
                .getImage()).isEqualTo("127.0.0.1:5000/apps/hello@sha256:" + "ab".repeat(32));

        assertThat(m.get(Service.class, "hello").getSpec().getSelector())
                .containsExactlyEntriesOf(Map.of("app.kubernetes.io/name", "hello"));
        assertThat(m.get(Service.class, "hello-stable").getSpec().getSelector())
                .containsExactlyInAnyOrderEntriesOf(Map.of("app.kubernetes.io/name", "hello",
                        "slipway.dev/track", "stable"));
        assertThat(m.get(Service.class, "hello-canary").getSpec().getSelector())
                .containsExactlyInAnyOrderEntriesOf(Map.of("app.kubernetes.io/name", "hello",
                        "slipway.dev/track", "canary"));
        assertThat(m.get(HorizontalPodAutoscaler.class, "hello").getSpec().getScaleTargetRef().getName())
                .as("the HPA scales only the stable track").isEqualTo("hello");
    }

    @Test
    void canaryWithoutItsOwnImageRunsTheStableImage() throws InvalidChartException {
        Manifests m = charts.manifests(minimal, Map.of("canary", Map.of("enabled", true, "replicas", 2)));

        assertThat(m.get(Deployment.class, "tiny-canary").getSpec().getTemplate().getSpec().getContainers().get(0)
                .getImage()).isEqualTo("127.0.0.1:5000/apps/tiny@" + Samples.MINIMAL_DIGEST);
        assertThat(m.get(Deployment.class, "tiny-canary").getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void httpRouteSplitsTrafficBetweenTrackServicesByCanaryWeight() throws InvalidChartException {
        Manifests m = charts.manifests(minimal, Map.of(
                "canary", Map.of("enabled", true, "weight", 25),
                "httpRoute", Map.of("enabled", true, "hostnames", List.of("tiny.example.test"),
                        "parentRefs", List.of(Map.of("name", "public", "namespace", "gateways")))));

        HTTPRoute route = m.get(HTTPRoute.class, "tiny");
        assertThat(route.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1");
        assertThat(route.getSpec().getParentRefs()).singleElement().satisfies(parent -> {
            assertThat(parent.getName()).isEqualTo("public");
            assertThat(parent.getNamespace()).isEqualTo("gateways");
            assertThat(parent.getKind()).isEqualTo("Gateway");
        });
        assertThat(route.getSpec().getHostnames()).containsExactly("tiny.example.test");
        HTTPRouteRule rule = route.getSpec().getRules().get(0);
        assertThat(rule.getMatches()).singleElement()
                .satisfies(match -> assertThat(match.getPath().getValue()).isEqualTo("/"));
        assertThat(rule.getBackendRefs()).extracting(HTTPBackendRef::getName, HTTPBackendRef::getWeight,
                HTTPBackendRef::getPort)
                .containsExactly(tuple("tiny-stable", 75, 80), tuple("tiny-canary", 25, 80));
        assertThat(m.all(Service.class)).extracting(s -> s.getMetadata().getName())
                .contains("tiny-stable", "tiny-canary");
    }

    @Test
    void httpRouteWithoutCanarySendsEverythingToStable() throws InvalidChartException {
        Manifests m = charts.manifests(minimal, Map.of(
                "canary", Map.of("weight", 40),
                "httpRoute", Map.of("enabled", true, "parentRefs", List.of(Map.of("name", "public")))));

        assertThat(m.get(HTTPRoute.class, "tiny").getSpec().getRules().get(0).getBackendRefs())
                .extracting(HTTPBackendRef::getName, HTTPBackendRef::getWeight)
                .containsExactly(tuple("tiny-stable", 100));
        assertThat(m.all(Service.class)).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("tiny", "tiny-stable");
        assertThat(m.all(Deployment.class)).hasSize(1);
    }

    @Test
    void secretsComeFromTheApplicationSecretAndItsChecksumRollsThePods() throws InvalidChartException {
        Manifests m = charts.manifests(full, Map.of("secrets", Map.of("checksum", "5e5e5e")));
        Deployment deployment = m.get(Deployment.class, "hello");
        Container app = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(app.getEnvFrom()).singleElement().satisfies(from -> {
            assertThat(from.getSecretRef().getName()).isEqualTo("hello-secrets");
            assertThat(from.getSecretRef().getOptional()).isFalse();
        });
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("slipway.dev/secrets-checksum", "5e5e5e");

        Deployment rotated = charts.manifests(full, Map.of("secrets", Map.of("checksum", "6f6f6f")))
                .get(Deployment.class, "hello");
        assertThat(rotated.getSpec().getTemplate()).as("a new checksum changes the pod template")
                .isNotEqualTo(deployment.getSpec().getTemplate());
    }

    @Test
    void noSecretChecksumAnnotationWithoutChecksum() throws InvalidChartException {
        Deployment deployment = charts.manifests(full, NONE).get(Deployment.class, "hello");

        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .doesNotContainKey("slipway.dev/secrets-checksum");
    }

    @Test
    void everyObjectIsNamedAfterTheApplication() throws InvalidChartException {
        Manifests m = charts.manifests(full, Map.of("canary", Map.of("enabled", true)));

        assertThat(m.objects()).extracting(HasMetadata::getMetadata)
                .allSatisfy(meta -> assertThat(meta.getName()).startsWith("hello"));
    }
}

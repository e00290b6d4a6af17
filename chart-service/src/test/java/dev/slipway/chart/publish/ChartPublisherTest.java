package dev.slipway.chart.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.apps.Deployment;

import dev.slipway.chart.helm.HelmCharts;
import dev.slipway.chart.registry.ChartRegistry;
import dev.slipway.chart.support.ReadOnlyRegistry;
import dev.slipway.chart.support.Samples;
import dev.slipway.chart.support.TestCharts;
import dev.slipway.chart.values.ChartValues;
import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Json;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.events.ImageBuilt;
import dev.slipway.contracts.spec.ChartSpec;
import dev.slipway.contracts.spec.EnvironmentSpec;
import dev.slipway.runtime.RetryPolicy;
import dev.slipway.runtime.StageException;
import dev.slipway.testkit.kubernetes.Manifests;
import dev.slipway.testkit.registry.OciRegistry;
import dev.slipway.testkit.support.FreePorts;

/** The chart stage against a real registry (docker-registry) and the embedded Helm. */
class ChartPublisherTest {

    private static final RetryPolicy QUICK = new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(100));

    @TempDir
    Path dir;
    OciRegistry registry;
    ChartPublisher publisher;
    ChartRegistry registryApi;

    @BeforeEach
    void publisher() {
        registry = OciRegistry.shared();
        publisher = publisherFor(registry.address());
        registryApi = new ChartRegistry(registry.address(), true, Duration.ofSeconds(5));
    }

    private ChartPublisher publisherFor(String address) {
        return new ChartPublisher(new ChartPublisher.Settings(address, "charts", true, dir.resolve("work"),
                Duration.ofSeconds(30), Duration.ofSeconds(30), QUICK));
    }

    /** A fresh application name per test: the registry is shared by every test in the JVM. */
    private static ImageBuilt fresh(ImageBuilt built) {
        return Samples.named(built, built.app() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Test
    void publishesTheChartAtTheCommitVersionWithItsDigest() throws Exception {
        ImageBuilt built = fresh(Samples.full());

        ChartPublisher.Publication publication = publisher.publish(built);

        ChartPublished event = publication.event();
        assertThat(publication.pushed()).isTrue();
        assertThat(event.app()).isEqualTo(built.app());
        assertThat(event.chart().repository()).isEqualTo("oci://" + registry.address() + "/charts");
        assertThat(event.chart().name()).isEqualTo(built.app());
        assertThat(event.chart().version()).isEqualTo("0.0.0-3f6c2a9e8b7d");
        assertThat(event.chart().digest()).matches("sha256:[0-9a-f]{64}");
        assertThat(event.image()).isEqualTo(built.image());
        assertThat(event.commit()).isEqualTo(built.commit());
        assertThat(event.spec()).isEqualTo(built.spec());
        assertThat(event.values()).containsOnlyKeys(
                built.spec().environments().stream().map(EnvironmentSpec::name).toArray(String[]::new));
        built.spec().environments().forEach(environment -> assertThat(event.values().get(environment.name()))
                .isEqualTo(ChartValues.from(built, environment).toMap())
                .containsEntry("environment", environment.name()));
        assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(event), ChartPublished.class).values())
                .as("values survive the wire").isEqualTo(event.values());
        assertThat(registryApi.tags("charts/" + built.app())).containsExactly("0.0.0-3f6c2a9e8b7d");
        assertThat(registryApi.digest("charts/" + built.app(), "0.0.0-3f6c2a9e8b7d"))
                .contains(event.chart().digest());
    }

    @Test
    void pushedChartShowsAndTemplatesBackFromTheRegistryAsBuilt() throws Exception {
        ImageBuilt built = fresh(Samples.full());
        ChartPublished event = publisher.publish(built).event();
        String reference = event.chart().repository() + "/" + event.chart().name();
        HelmCharts helm = new HelmCharts(true);

        String chartYaml = helm.showChart(reference, event.chart().version());
        assertThat(ChartValues.parse(chartYaml).at("/name").asText()).isEqualTo(built.app());
        assertThat(ChartValues.parse(chartYaml).at("/version").asText()).isEqualTo(event.chart().version());
        assertThat(ChartValues.parse(chartYaml).at("/appVersion").asText()).isEqualTo(built.commit().sha());
        assertThat(ChartValues.parse(helm.showValues(reference, event.chart().version())))
                .isEqualTo(ChartValues.from(built));

        TestCharts charts = new TestCharts(dir);
        Path overrides = charts.valuesFile(Map.of("environment", "staging"));
        String remote = helm.templateRemote(reference, event.chart().version(), built.app(), "apps", overrides);
        String local = charts.render(charts.chart(built), Map.of("environment", "staging"));
        assertThat(Manifests.documents(remote)).isEqualTo(Manifests.documents(local));
        assertThat(Manifests.parse(remote).get(Deployment.class, built.app()).getSpec().getTemplate().getSpec()
                .getContainers().get(0).getImage()).isEqualTo(built.image().reference());
    }

    @Test
    void replayedInputKeepsOneChartVersionAndReportsTheSameDigest() throws Exception {
        ImageBuilt built = fresh(Samples.minimal());

        ChartPublisher.Publication first = publisher.publish(built);
        ChartPublisher.Publication second = publisher.publish(built);

        assertThat(first.pushed()).isTrue();
        assertThat(second.pushed()).as("the version was already in the registry").isFalse();
        assertThat(second.event()).isEqualTo(first.event());
        assertThat(registryApi.tags("charts/" + built.app())).containsExactly(first.event().chart().version());
    }

    @Test
    void anotherCommitGetsAnotherVersion() throws Exception {
        ImageBuilt built = fresh(Samples.minimal());

        String v1 = publisher.publish(built).event().chart().version();
        String v2 = publisher.publish(Samples.atCommit(built, "aaaabbbbccccddddeeeeffff0000111122223333")).event()
                .chart().version();

        assertThat(v2).isEqualTo("0.0.0-aaaabbbbcccc").isNotEqualTo(v1);
        assertThat(registryApi.tags("charts/" + built.app())).containsExactlyInAnyOrder(v1, v2);
    }

    @Test
    void negativeReplicasFailAsInvalidInputNamingTheValue() {
        ImageBuilt built = fresh(chart(Samples.minimal(), -1, null, null));

        assertThatThrownBy(() -> publisher.publish(built)).isInstanceOfSatisfying(StageException.class, e -> {
            assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT);
            assertThat(e.getMessage()).contains("replicas");
            assertThat(e.logTail()).isNotEmpty();
            assertThat(e.attempts()).isEqualTo(1);
        });
        assertThat(tagsOf(built)).as("nothing pushed").isEmpty();
    }

    @Test
    void badResourceQuantityFailsAsInvalidInputNamingTheValue() {
        ChartSpec.Resources resources = new ChartSpec.Resources(new ChartSpec.Quantities("lots", "32Mi"),
                new ChartSpec.Quantities("200m", "64Mi"));
        ImageBuilt built = fresh(chart(Samples.minimal(), 1, resources, null));

        assertThatThrownBy(() -> publisher.publish(built)).isInstanceOfSatisfying(StageException.class, e -> {
            assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT);
            assertThat(e.getMessage()).contains("resources").contains("cpu");
        });
        assertThat(tagsOf(built)).isEmpty();
    }

    @Test
    void badHostNameFailsAsInvalidInputNamingTheValue() {
        ChartSpec.Ingress ingress = new ChartSpec.Ingress("Not_A_Host!", "/", null, null);
        ImageBuilt built = fresh(chart(Samples.minimal(), 1, null, ingress));

        assertThatThrownBy(() -> publisher.publish(built)).isInstanceOfSatisfying(StageException.class, e -> {
            assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT);
            assertThat(e.getMessage()).contains("ingress").contains("host");
        });
        assertThat(tagsOf(built)).isEmpty();
    }

    @Test
    void commitWithoutShaFailsAsInvalidInput() {
        ImageBuilt built = Samples.atCommit(fresh(Samples.minimal()), "main");

        assertThatThrownBy(() -> publisher.publish(built)).isInstanceOfSatisfying(StageException.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("not a commit sha");
                });
    }

    @Test
    void registryThatRefusesConnectionsFailsAsUnavailableAfterRetries() {
        ChartPublisher unreachable = publisherFor(FreePorts.LOOPBACK + ":" + FreePorts.next());

        assertThatThrownBy(() -> unreachable.publish(fresh(Samples.minimal())))
                .isInstanceOfSatisfying(StageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.UNAVAILABLE);
                    assertThat(e.retriable()).isTrue();
                    assertThat(e.attempts()).isEqualTo(QUICK.maxAttempts());
                    assertThat(e.getMessage()).contains("refused");
                });
    }

    @Test
    void registryThatRefusesThePushFailsNamingTheRefusal() {
        try (ReadOnlyRegistry readOnly = ReadOnlyRegistry.start(dir)) {
            ChartPublisher refused = publisherFor(readOnly.address());

            assertThatThrownBy(() -> refused.publish(fresh(Samples.minimal())))
                    .isInstanceOfSatisfying(StageException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FailureReason.CONFLICT);
                        assertThat(e.retriable()).isFalse();
                        assertThat(e.attempts()).as("a refusal is not retried").isEqualTo(1);
                        assertThat(e.getMessage()).contains("helm push").contains("405");
                    });
        }
    }

    private List<String> tagsOf(ImageBuilt built) {
        try {
            return registryApi.tags("charts/" + built.app());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ImageBuilt chart(ImageBuilt built, int replicas, ChartSpec.Resources resources,
            ChartSpec.Ingress ingress) {
        ChartSpec chart = built.spec().chart();
        return Samples.withChart(built, new ChartSpec(null, replicas,
                resources == null ? chart.resources() : resources, chart.probes(), ingress, chart.hpa(),
                chart.secrets()));
    }
}

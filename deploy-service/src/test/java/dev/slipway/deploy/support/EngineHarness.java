package dev.slipway.deploy.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.slipway.deploy.analysis.Analyzer;
import dev.slipway.deploy.analysis.CanaryAnalyzer;
import dev.slipway.deploy.analysis.HttpCheck;
import dev.slipway.deploy.analysis.PrometheusClient;
import dev.slipway.deploy.apply.KubernetesCluster;
import dev.slipway.deploy.release.EngineSettings;
import dev.slipway.deploy.release.ReleaseEngine;
import dev.slipway.deploy.release.ReleaseIntake;
import dev.slipway.deploy.release.ReleaseStore;
import dev.slipway.deploy.render.ChartRenderer;
import dev.slipway.testkit.kubernetes.ClusterSimulator;
import dev.slipway.testkit.kubernetes.MockKubernetes;

/**
 * The release engine against a Kubernetes API of its own (testkit's mock server with server-side apply), with the
 * events it emits recorded and a clock the test can move. The cluster runs no controllers: a test says when a rollout
 * becomes ready or fails, through {@link #simulator()}.
 */
public final class EngineHarness implements AutoCloseable {

    public static final Duration INTERVAL_UNIT = Duration.ofMillis(100);

    public final MockKubernetes kubernetes;
    public final KubernetesClient client;
    public final ReleaseStore store;
    public final KubernetesCluster cluster;
    public final ContractRenderer renderer = new ContractRenderer();
    public final RecordingEvents events = new RecordingEvents();
    public final MutableClock clock = new MutableClock();
    public final ReleaseIntake intake;
    private final String prometheusUrl;

    public EngineHarness(MockKubernetes kubernetes, String prometheusUrl) {
        this(kubernetes, kubernetes.client(), prometheusUrl);
    }

    /** Against any API server the client reaches. */
    public EngineHarness(KubernetesClient client) {
        this(null, client, null);
    }

    private EngineHarness(MockKubernetes kubernetes, KubernetesClient client, String prometheusUrl) {
        this.kubernetes = kubernetes;
        this.client = client;
        this.store = new ReleaseStore(client);
        this.cluster = new KubernetesCluster(client);
        this.intake = new ReleaseIntake(store, events, clock);
        this.prometheusUrl = prometheusUrl;
    }

    public static EngineSettings settings(String instanceId) {
        return new EngineSettings(instanceId, Duration.ofSeconds(30), INTERVAL_UNIT, Duration.ofHours(1),
                Duration.ofHours(1), Duration.ofMinutes(30), 10, 3, Duration.ofMillis(50), List.of());
    }

    public ReleaseEngine engine() {
        return engine(settings("deploy-a"));
    }

    public ReleaseEngine engine(EngineSettings settings) {
        return engine(settings, renderer);
    }

    public ReleaseEngine engine(EngineSettings settings, ChartRenderer chartRenderer) {
        return new ReleaseEngine(store, cluster, chartRenderer, analyzer(), events, settings, clock,
                Duration.ofSeconds(30));
    }

    /** An engine that steps applications on {@code steps}. */
    public ReleaseEngine engine(EngineSettings settings, ChartRenderer chartRenderer, Executor steps) {
        return new ReleaseEngine(store, cluster, chartRenderer, analyzer(), events, settings, clock,
                Duration.ofSeconds(30), steps);
    }

    public Analyzer analyzer() {
        PrometheusClient prometheus = prometheusUrl == null
                ? null
                : new PrometheusClient(prometheusUrl, Duration.ofSeconds(2));
        return new CanaryAnalyzer(prometheus, new HttpCheck(Duration.ofSeconds(2)), cluster, 3);
    }

    public ClusterSimulator simulator() {
        return new ClusterSimulator(client);
    }

    /** Ticks {@code engine} until {@code done} holds, running {@code controller} before each tick. */
    public void tickUntil(ReleaseEngine engine, Runnable controller, BooleanSupplier done) {
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(40))
                .until(() -> {
                    controller.run();
                    engine.tick();
                    return done.getAsBoolean();
                });
    }

    public void tickUntil(ReleaseEngine engine, BooleanSupplier done) {
        tickUntil(engine, () -> {
        }, done);
    }

    /**
     * Plays the Deployment controller for every Deployment of {@code namespace} whose current generation it has not
     * observed: the rollout becomes ready.
     */
    public Runnable rolloutsBecomeReady(String namespace) {
        return () -> {
            for (Deployment deployment : client.apps().deployments().inNamespace(namespace).list().getItems()) {
                Long observed = deployment.getStatus() == null ? null : deployment.getStatus().getObservedGeneration();
                if (observed == null || observed < deployment.getMetadata().getGeneration()) {
                    simulator().markRolloutReady(namespace, deployment.getMetadata().getName());
                }
            }
        };
    }

    public Deployment deployment(String namespace, String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name).get();
    }

    public String image(String namespace, String name) {
        Deployment deployment = deployment(namespace, name);
        return deployment == null
                ? null
                : deployment.getSpec().getTemplate().getSpec().getContainers().get(0)
                        .getImage();
    }

    @Override
    public void close() {
        if (kubernetes != null) {
            kubernetes.close();
        }
    }
}

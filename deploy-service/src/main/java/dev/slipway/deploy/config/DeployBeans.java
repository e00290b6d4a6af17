package dev.slipway.deploy.config;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.fabric8.kubernetes.client.KubernetesClient;

import dev.slipway.deploy.analysis.CanaryAnalyzer;
import dev.slipway.deploy.analysis.HttpCheck;
import dev.slipway.deploy.analysis.PrometheusClient;
import dev.slipway.deploy.apply.KubernetesCluster;
import dev.slipway.deploy.messaging.KafkaReleaseEvents;
import dev.slipway.deploy.release.EngineSettings;
import dev.slipway.deploy.release.ReleaseEngine;
import dev.slipway.deploy.release.ReleaseIntake;
import dev.slipway.deploy.release.ReleaseStore;
import dev.slipway.deploy.render.HelmChartRenderer;

/** Wires the plain-Java release engine to Quarkus' Kubernetes client, configuration and Kafka. */
public class DeployBeans {

    @Produces
    @Singleton
    ReleaseStore store(KubernetesClient client) {
        return new ReleaseStore(client);
    }

    @Produces
    @Singleton
    KubernetesCluster cluster(KubernetesClient client) {
        return new KubernetesCluster(client);
    }

    @Produces
    @Singleton
    ReleaseIntake intake(ReleaseStore store, KafkaReleaseEvents events, DeployConfig config) {
        return new ReleaseIntake(store, events, Clock.systemUTC(), config.instanceId(), config.lease());
    }

    @Produces
    @Singleton
    ReleaseEngine engine(ReleaseStore store, KubernetesCluster cluster, KafkaReleaseEvents events,
            DeployConfig config, ReleaseStepPool steps) {
        PrometheusClient prometheus = config.prometheus().url()
                .map(url -> new PrometheusClient(url, config.prometheus().timeout())).orElse(null);
        CanaryAnalyzer analyzer = new CanaryAnalyzer(prometheus, new HttpCheck(config.canary().httpTimeout()),
                cluster, config.canary().restartLimit());
        HelmChartRenderer renderer = new HelmChartRenderer(config.helm().plainHttp(),
                config.helm().kubeVersion().orElse(null));
        return new ReleaseEngine(store, cluster, renderer, analyzer, events, settings(config), Clock.systemUTC(),
                config.renderTimeout(), steps);
    }

    static EngineSettings settings(DeployConfig config) {
        return new EngineSettings(config.instanceId(), config.lease(), config.canary().intervalUnit(),
                config.approvalTimeout(), config.backupTimeout(), config.secretsTimeout(),
                config.canary().inconclusiveLimit(), config.attempts(), config.retryBackoff(),
                parentRefs(config.gatewayParentRefs().orElse(List.of())));
    }

    /** {@code namespace/name} or {@code name} into HTTPRoute parentRefs. */
    static List<Map<String, String>> parentRefs(List<String> refs) {
        List<Map<String, String>> parents = new ArrayList<>();
        for (String ref : refs) {
            Map<String, String> parent = new LinkedHashMap<>();
            int slash = ref.indexOf('/');
            if (slash > 0) {
                parent.put("namespace", ref.substring(0, slash).trim());
            }
            parent.put("name", ref.substring(slash + 1).trim());
            parents.add(parent);
        }
        return parents;
    }
}

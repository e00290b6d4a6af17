package dev.slipway.deploy.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** deploy-service's settings; each is also an environment variable ({@code SLIPWAY_DEPLOY_TICK_INTERVAL}). */
@ConfigMapping(prefix = "slipway.deploy")
public interface DeployConfig {

    /** This instance's name in the release state's lease; a pod name keeps it stable across restarts. */
    @WithDefault("${HOSTNAME:deploy-service}")
    String instanceId();

    /** How often the release worker looks for due steps. */
    @WithDefault("1s")
    Duration tickInterval();

    /**
     * Applications the release worker steps at once: each render and apply waits on the registry and the API server,
     * so a few threads keep a large fleet moving on a small share of CPU.
     */
    @WithDefault("4")
    int workerThreads();

    /** Run the release worker; off only for tools that record events without acting on them. */
    @WithDefault("true")
    boolean workerEnabled();

    /** How long an instance owns a release after its last write before another may take it over. */
    @WithDefault("30s")
    Duration lease();

    /** How long an approval gate waits before the release is rejected. */
    @WithDefault("24h")
    Duration approvalTimeout();

    /** How long a pre-deploy backup may take before the environment fails. */
    @WithDefault("1h")
    Duration backupTimeout();

    /** How long to wait for secrets-synced with every key the spec lists. */
    @WithDefault("30m")
    Duration secretsTimeout();

    /** Attempts against an unavailable cluster or registry before a release fails. */
    @WithDefault("5")
    int attempts();

    /** Wait between those attempts. */
    @WithDefault("5s")
    Duration retryBackoff();

    /** Time limit of one chart render. */
    @WithDefault("2m")
    Duration renderTimeout();

    Canary canary();

    Helm helm();

    Prometheus prometheus();

    /** The Gateways an HTTPRoute attaches to for canaries with Gateway API traffic, as {@code namespace/name}. */
    Optional<List<String>> gatewayParentRefs();

    interface Canary {

        /** The length of one second of a spec's canary interval; shorter only in tests. */
        @WithDefault("1s")
        Duration intervalUnit();

        /** Consecutive inconclusive analyses a canary stays paused for before it is rolled back. */
        @WithDefault("10")
        int inconclusiveLimit();

        /** Container restarts of a canary pod tolerated by the Kubernetes health check. */
        @WithDefault("3")
        int restartLimit();

        /** Time limit of one HTTP check. */
        @WithDefault("5s")
        Duration httpTimeout();
    }

    interface Helm {

        /** Pull charts from the registry over plain HTTP. */
        @WithDefault("false")
        boolean plainHttp();

        /** The Kubernetes version charts are rendered for ({@code .Capabilities.KubeVersion}). */
        Optional<String> kubeVersion();
    }

    interface Prometheus {

        /** Prometheus' base URL ({@code http://prometheus:9090}); without it metric checks are inconclusive. */
        Optional<String> url();

        /** Time limit of one query. */
        @WithDefault("5s")
        Duration timeout();
    }
}

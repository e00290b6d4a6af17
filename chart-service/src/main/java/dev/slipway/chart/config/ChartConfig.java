package dev.slipway.chart.config;

import java.nio.file.Path;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** chart-service's settings; each key is also an environment variable ({@code SLIPWAY_CHART_REGISTRY}, ...). */
@ConfigMapping(prefix = "slipway.chart")
public interface ChartConfig {

    /** {@code host:port} of the OCI registry charts are pushed to and looked up in. */
    String registry();

    /** Path in the registry charts go under: a chart lands at {@code <registry>/<repository-path>/<app>}. */
    @WithDefault("charts")
    String repositoryPath();

    /** Talk to the registry over plain http; only for a registry without TLS on a trusted network. */
    @WithDefault("false")
    boolean plainHttp();

    /** Where chart directories are laid out while a chart is built; each input's directory is deleted after. */
    @WithDefault("${java.io.tmpdir}/slipway-chart")
    Path workDir();

    /** Time limit of each Helm call (lint, template, package, push) and registry request. */
    @WithDefault("60s")
    Duration helmTimeout();

    /** Time limit of fetching a repository's own chart from git. */
    @WithDefault("120s")
    Duration gitTimeout();

    /** Retries of the registry and git. */
    RetryConfig retry();

    interface RetryConfig {

        /** Tries in all, the first included. */
        @WithDefault("5")
        int maxAttempts();

        /** Wait after the first failure; doubles after each further one. */
        @WithDefault("500ms")
        Duration initialBackoff();

        /** Longest wait between tries. */
        @WithDefault("8s")
        Duration maxBackoff();
    }
}

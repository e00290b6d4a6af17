package dev.slipway.chart.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import dev.slipway.chart.helm.HelmCharts;
import dev.slipway.chart.registry.ChartRegistry;
import dev.slipway.chart.registry.RegistryException;
import dev.slipway.chart.source.BuiltInChart;
import dev.slipway.chart.source.ChartYaml;
import dev.slipway.chart.source.InvalidChartException;
import dev.slipway.chart.source.RepositoryCharts;
import dev.slipway.chart.source.SourceUnavailableException;
import dev.slipway.chart.values.ChartValues;
import dev.slipway.chart.version.ChartVersion;
import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.events.ChartRef;
import dev.slipway.contracts.events.ImageBuilt;
import dev.slipway.contracts.spec.EnvironmentSpec;
import dev.slipway.runtime.Retry;
import dev.slipway.runtime.RetryPolicy;
import dev.slipway.runtime.StageException;
import dev.slipway.runtime.Timeouts;

/**
 * The chart stage without its Kafka edges: from an {@code image-built} to the chart in the registry and the
 * {@code chart-published} that names it.
 *
 * <ol>
 * <li>The version is a function of the commit ({@link ChartVersion}); when the registry already holds
 * {@code charts/<app>:<version>}, nothing is built or pushed and the existing digest is reported.</li>
 * <li>Otherwise the chart directory is laid out (the built-in chart with the commit's values, or the repository's own
 * chart at the commit), stamped with name, version and app version, linted strictly, rendered once per environment of
 * the spec, packaged and pushed.</li>
 * </ol>
 * A chart or value that Helm rejects fails at once with {@code INVALID_INPUT} and Helm's findings as the log tail; a
 * registry or git server that does not answer is retried and then reported as {@code UNAVAILABLE}; a registry that
 * answers and refuses (401, 403, 405, ...) fails at once as {@code CONFLICT}: a person has to change the registry or
 * Slipway's access to it, then replay.
 */
public final class ChartPublisher {

    private static final Logger LOG = Logger.getLogger(ChartPublisher.class);

    /**
     * @param registry {@code host:port} of the OCI registry
     * @param repositoryPath the registry path charts go under ({@code charts})
     * @param plainHttp use http, not https, for the registry
     * @param workDir where chart directories are laid out (one subdirectory per input, deleted after)
     * @param helmTimeout time limit of each Helm or registry call
     * @param gitTimeout time limit of reading a repository chart
     * @param retry how the registry and git are retried
     */
    public record Settings(String registry, String repositoryPath, boolean plainHttp, Path workDir,
            Duration helmTimeout, Duration gitTimeout, RetryPolicy retry) {

        /** {@code oci://<registry>/<repositoryPath>}, what a chart is pushed to and {@link ChartRef} names. */
        public String ociRepository() {
            return "oci://" + registry + "/" + repositoryPath;
        }
    }

    /**
     * What the stage did.
     *
     * @param event the {@code chart-published} to emit
     * @param pushed false when the version was already in the registry and the existing chart is reported
     */
    public record Publication(ChartPublished event, boolean pushed) {
    }

    private final Settings settings;
    private final HelmCharts helm;
    private final ChartRegistry registry;
    private final RepositoryCharts repositoryCharts;

    public ChartPublisher(Settings settings) {
        this.settings = settings;
        this.helm = new HelmCharts(settings.plainHttp());
        this.registry = new ChartRegistry(settings.registry(), settings.plainHttp(), settings.helmTimeout());
        this.repositoryCharts = new RepositoryCharts(settings.gitTimeout());
    }

    /** Publishes the chart of {@code built}'s commit, or finds it already published. */
    public Publication publish(ImageBuilt built) throws StageException {
        check(built);
        String app = built.app();
        String version = version(built);
        String name = settings.repositoryPath() + "/" + app;

        Optional<String> existing = Retry.call(settings.retry(), () -> registryDigest(name, version));
        if (existing.isPresent()) {
            LOG.infof("chart %s:%s is already in %s (%s); reporting it again", name, version, settings.registry(),
                    existing.get());
            return new Publication(event(built, version, existing.get()), false);
        }

        Path work = workDirectory(app, version);
        try {
            Path chartDir = layOut(built, version, work.resolve(app));
            List<String> lint = timed(() -> helm.lint(chartDir));
            lint.forEach(m -> LOG.debugf("helm lint %s: %s", app, m));
            render(built, chartDir, work);
            Path archive = timed(() -> helm.packageChart(chartDir, work.resolve("package")));
            String digest = Retry.call(settings.retry(), () -> push(archive));
            LOG.infof("pushed chart %s:%s to %s (%s)", name, version, settings.registry(), digest);
            return new Publication(event(built, version, digest), true);
        } finally {
            delete(work);
        }
    }

    /** The chart version of {@code built}'s commit. */
    static String version(ImageBuilt built) throws StageException {
        try {
            return ChartVersion.of(built.commit().sha());
        } catch (IllegalArgumentException e) {
            throw StageException.of(FailureReason.INVALID_INPUT, "image-built for " + built.app() + ": "
                    + e.getMessage());
        }
    }

    private static void check(ImageBuilt built) throws StageException {
        List<String> missing = new ArrayList<>();
        if (built.commit() == null || built.commit().sha() == null) {
            missing.add("commit.sha");
        }
        if (built.image() == null || built.image().repository() == null || built.image().digest() == null) {
            missing.add("image.repository and image.digest");
        }
        if (built.spec() == null) {
            missing.add("spec");
        }
        if (!missing.isEmpty()) {
            throw StageException.of(FailureReason.INVALID_INPUT, "image-built for " + built.app() + " has no "
                    + String.join(", ", missing));
        }
    }

    private Path layOut(ImageBuilt built, String version, Path chartDir) throws StageException {
        String path = built.spec().chart() == null ? null : built.spec().chart().path();
        String sha = built.commit().sha();
        if (path == null || path.isBlank()) {
            return BuiltInChart.writeTo(chartDir, built.app(), version, sha, ChartValues.from(built));
        }
        Retry.call(settings.retry(), () -> {
            try {
                delete(chartDir);
                return Timeouts.run(settings.gitTimeout(),
                        () -> repositoryCharts.fetch(built.commit(), path, chartDir));
            } catch (StageException e) {
                throw unwrap(e);
            }
        });
        try {
            ChartYaml.stamp(chartDir, built.app(), version, sha);
        } catch (InvalidChartException e) {
            throw invalid("chart.path '" + path + "': " + e.getMessage(), e);
        }
        return chartDir;
    }

    /**
     * Renders the chart as each environment will: the built-in chart with each environment's values, a repository
     * chart with its own values. A template that fails only for some values fails here, not in deploy-service.
     */
    private void render(ImageBuilt built, Path chartDir, Path work) throws StageException {
        boolean builtIn = built.spec().chart() == null || built.spec().chart().path() == null
                || built.spec().chart().path().isBlank();
        List<EnvironmentSpec> environments = built.spec().environments();
        if (!builtIn || environments.isEmpty()) {
            timed(() -> helm.template(chartDir, built.app(), null, null));
            return;
        }
        for (EnvironmentSpec environment : environments) {
            Path values = work.resolve("values-" + environment.name() + ".yaml");
            try {
                Files.writeString(values, ChartValues.from(built, environment).toYaml());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String namespace = environment.namespace();
            timed(() -> helm.template(chartDir, built.app(), namespace, values));
        }
    }

    private Optional<String> registryDigest(String name, String version) throws StageException {
        try {
            return registry.digest(name, version);
        } catch (RegistryException e) {
            throw StageException.of(e.refused() ? FailureReason.CONFLICT : FailureReason.UNAVAILABLE, e.getMessage(),
                    e);
        }
    }

    private String push(Path archive) throws StageException {
        URI remote = URI.create(settings.ociRepository());
        try {
            return Timeouts.run(settings.helmTimeout(), () -> helm.push(archive, remote));
        } catch (StageException e) {
            throw unwrap(e);
        }
    }

    /** Helm and git failures arrive from {@link Timeouts} as INTERNAL with the real exception as cause. */
    private static StageException unwrap(StageException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RegistryException refused && refused.refused()) {
            return StageException.of(FailureReason.CONFLICT, cause.getMessage(), cause);
        }
        if (cause instanceof RegistryException || cause instanceof SourceUnavailableException) {
            return StageException.of(FailureReason.UNAVAILABLE, cause.getMessage(), cause);
        }
        if (cause instanceof InvalidChartException invalid) {
            return invalid(invalid.getMessage(), invalid);
        }
        return e;
    }

    private <T> T timed(java.util.concurrent.Callable<T> work) throws StageException {
        try {
            return Timeouts.run(settings.helmTimeout(), work);
        } catch (StageException e) {
            throw unwrap(e);
        }
    }

    private static StageException invalid(String message, Throwable cause) {
        return StageException.of(FailureReason.INVALID_INPUT, message, cause)
                .withLogTail(HelmCharts.lines(message.replace("; ", "\n")));
    }

    private ChartPublished event(ImageBuilt built, String version, String digest) {
        ChartRef chart = new ChartRef(settings.ociRepository(), built.app(), version, digest);
        return new ChartPublished(built.app(), built.commit(), built.image(), chart, built.spec(), values(built));
    }

    /** The values each environment was checked with; a repository's own chart keeps its own. */
    private static Map<String, Map<String, Object>> values(ImageBuilt built) {
        boolean builtIn = built.spec().chart() == null || built.spec().chart().path() == null
                || built.spec().chart().path().isBlank();
        Map<String, Map<String, Object>> values = new LinkedHashMap<>();
        if (builtIn) {
            for (EnvironmentSpec environment : built.spec().environments()) {
                values.put(environment.name(), ChartValues.from(built, environment).toMap());
            }
        }
        return values;
    }

    private Path workDirectory(String app, String version) {
        try {
            Files.createDirectories(settings.workDir());
            return Files.createTempDirectory(settings.workDir(), app + "-" + version + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory in " + settings.workDir(), e);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("cannot delete %s: %s", dir, e.getMessage());
        }
    }
}

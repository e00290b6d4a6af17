package dev.slipway.chart.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.slipway.chart.helm.HelmCharts;
import dev.slipway.chart.source.BuiltInChart;
import dev.slipway.chart.source.InvalidChartException;
import dev.slipway.chart.values.ChartValues;
import dev.slipway.chart.version.ChartVersion;
import dev.slipway.contracts.events.ImageBuilt;
import dev.slipway.testkit.kubernetes.Manifests;

/** Lays out the built-in chart for an {@code image-built} and renders it with real Helm. */
public final class TestCharts {

    private static final YAMLMapper YAML = new YAMLMapper();

    private final Path dir;
    private final HelmCharts helm = new HelmCharts(true);

    public TestCharts(Path dir) {
        this.dir = dir;
    }

    /** The chart of {@code built}'s commit with its spec's values, as chart-service packages it. */
    public Path chart(ImageBuilt built) {
        return chart(built, ChartValues.from(built));
    }

    /** The chart of {@code built}'s commit with {@code values} as its {@code values.yaml}. */
    public Path chart(ImageBuilt built, ChartValues values) {
        Path chartDir = dir.resolve("chart-" + System.nanoTime()).resolve(built.app());
        return BuiltInChart.writeTo(chartDir, built.app(), ChartVersion.of(built.commit().sha()),
                built.commit().sha(), values);
    }

    public HelmCharts helm() {
        return helm;
    }

    /** Renders {@code chart} with {@code overrides} (a values tree, may be empty) over its values. */
    public String render(Path chart, Map<String, ?> overrides) throws InvalidChartException {
        return helm.template(chart, chart.getFileName().toString(), "apps", valuesFile(overrides));
    }

    /** Renders and parses. */
    public Manifests manifests(Path chart, Map<String, ?> overrides) throws InvalidChartException {
        return Manifests.parse(render(chart, overrides));
    }

    /** {@code overrides} written as a values file. */
    public Path valuesFile(Map<String, ?> overrides) {
        try {
            Path file = Files.createTempFile(dir, "values-", ".yaml");
            Files.writeString(file, YAML.writeValueAsString(overrides));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

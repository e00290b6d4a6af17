package dev.slipway.chart.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.slipway.chart.values.ChartValues;

/**
 * Slipway's application chart, kept on the class path under {@code chart/}. {@link #writeTo} lays it out as a chart
 * directory for one commit: its identity stamped into {@code Chart.yaml} and the commit's values as
 * {@code values.yaml}.
 */
public final class BuiltInChart {

    /** Class path directory of the chart. */
    public static final String ROOT = "/chart/";

    /**
     * Every file of the chart. A jar cannot be listed portably, so the files are named here; a test checks the list
     * against the source tree.
     */
    public static final List<String> FILES = List.of(
            ".helmignore",
            "Chart.yaml",
            "values.yaml",
            "values.schema.json",
            "templates/_helpers.tpl",
            "templates/NOTES.txt",
            "templates/deployment.yaml",
            "templates/hpa.yaml",
            "templates/httproute.yaml",
            "templates/ingress.yaml",
            "templates/pdb.yaml",
            "templates/service.yaml",
            "templates/serviceaccount.yaml");

    /**
     * Writes the chart for {@code name} at {@code version} into {@code dir} (created), with {@code values} as its
     * {@code values.yaml}.
     */
    public static Path writeTo(Path dir, String name, String version, String appVersion, ChartValues values) {
        try {
            Files.createDirectories(dir);
            for (String file : FILES) {
                Path target = dir.resolve(file);
                Files.createDirectories(target.getParent());
                try (InputStream in = BuiltInChart.class.getResourceAsStream(ROOT + file)) {
                    if (in == null) {
                        throw new IllegalStateException(ROOT + file + " is missing from the class path");
                    }
                    Files.copy(in, target);
                }
            }
            Files.writeString(dir.resolve("values.yaml"), values.toYaml());
            ChartYaml.stamp(dir, name, version, appVersion);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the built-in chart to " + dir, e);
        } catch (InvalidChartException e) {
            throw new IllegalStateException("the built-in chart is broken: " + e.getMessage(), e);
        }
    }

    private BuiltInChart() {
    }
}

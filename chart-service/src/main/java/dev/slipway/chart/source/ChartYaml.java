package dev.slipway.chart.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * A chart directory's {@code Chart.yaml}. Slipway owns a published chart's identity: the name is the application (the
 * chart is pushed to {@code charts/<app>}), the version comes from the commit and {@code appVersion} is the commit sha;
 * every other field is the chart author's.
 */
public final class ChartYaml {

    public static final String FILE = "Chart.yaml";

    private static final YAMLMapper YAML = YAMLMapper.builder(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
            .build();

    /**
     * Sets {@code name}, {@code version} and {@code appVersion} in {@code chartDir/Chart.yaml}.
     *
     * @throws InvalidChartException when there is no readable {@code Chart.yaml}
     */
    public static void stamp(Path chartDir, String name, String version, String appVersion)
            throws InvalidChartException {
        Path file = chartDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new InvalidChartException("no " + FILE + " in the chart directory");
        }
        ObjectNode chart;
        try {
            JsonNode tree = YAML.readTree(file.toFile());
            if (!(tree instanceof ObjectNode object)) {
                throw new InvalidChartException(FILE + " is not a mapping");
            }
            chart = object;
        } catch (IOException e) {
            throw new InvalidChartException(FILE + " is not valid YAML: " + e.getMessage());
        }
        chart.put("name", name);
        chart.put("version", version);
        chart.put("appVersion", appVersion);
        try {
            YAML.writeValue(file.toFile(), chart);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    private ChartYaml() {
    }
}

package dev.slipway.chart.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.slipway.chart.support.Samples;
import dev.slipway.chart.values.ChartValues;

class BuiltInChartTest {

    @Test
    void filesListNamesEveryFileOfTheChartSource() throws IOException {
        Path source = Path.of("src/main/resources/chart");
        try (Stream<Path> files = Files.walk(source)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> source.relativize(p).toString().replace('\\', '/')))
                    .containsExactlyInAnyOrderElementsOf(BuiltInChart.FILES);
        }
    }

    @Test
    void writtenChartCarriesTheCommitIdentityAndValues(@TempDir Path dir) throws IOException {
        ChartValues values = ChartValues.from(Samples.full());

        Path chart = BuiltInChart.writeTo(dir.resolve("hello"), "hello", "0.0.0-3f6c2a9e8b7d",
                Samples.full().commit().sha(), values);

        String chartYaml = Files.readString(chart.resolve("Chart.yaml"));
        assertThat(ChartValues.parse(chartYaml).at("/name").asText()).isEqualTo("hello");
        assertThat(ChartValues.parse(chartYaml).at("/version").asText()).isEqualTo("0.0.0-3f6c2a9e8b7d");
        assertThat(ChartValues.parse(chartYaml).at("/appVersion").asText()).isEqualTo(Samples.full().commit().sha());
        assertThat(ChartValues.parse(Files.readString(chart.resolve("values.yaml")))).isEqualTo(values);
        assertThat(chart.resolve("templates/deployment.yaml")).isRegularFile();
    }
}

package dev.slipway.e2e.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.slipway.contracts.spec.EnvironmentSpec;
import dev.slipway.contracts.spec.PipelineSpec;
import dev.slipway.contracts.spec.SpecParser;

class SampleAppTest {

    @TempDir
    Path dir;

    private SampleApp sample(boolean trafficMetrics) {
        return new SampleApp("hello", dir.resolve("hello.git"), new SampleApp.DatabaseSettings("127.0.0.1", 5433,
                "hello", "hello"), 5, trafficMetrics);
    }

    @Test
    void theSampleGoesThroughStagingThenThroughACanaryAnalysedAgainstItsErrorRate() throws Exception {
        PipelineSpec spec = SpecParser.parse(sample(true).slipwayYaml(false));

        assertThat(spec.environments()).extracting(EnvironmentSpec::name).containsExactly("staging", "production");
        EnvironmentSpec production = spec.environments().get(1);
        assertThat(production.strategy()).isEqualTo(EnvironmentSpec.Strategy.CANARY);
        assertThat(production.backupBefore()).isTrue();
        assertThat(production.canary().steps()).containsExactly(25, 50);
        assertThat(production.canary().intervalSeconds()).isEqualTo(5);
        assertThat(production.canary().analysis().metrics()).singleElement()
                .satisfies(metric -> assertThat(metric.max()).isEqualTo(0.05));
        assertThat(production.canary().analysis().kubernetes()).isTrue();
        assertThat(spec.build().entrypoint()).containsExactly("/bin/busybox", "httpd", "-f", "-p", "8080", "-h",
                "/www");
        assertThat(spec.chart().secrets()).containsExactly(SampleApp.SECRET_KEY);
        assertThat(spec.database().port()).isEqualTo(5433);
        assertThat(spec.database().passwordSecret()).isEqualTo(SampleApp.SECRET_KEY);
    }

    @Test
    void withoutTrafficMetricsTheCanaryIsJudgedByItsHealthAndACrashingReleaseExitsAtOnce() throws Exception {
        PipelineSpec spec = SpecParser.parse(sample(false).slipwayYaml(true));

        EnvironmentSpec.Analysis analysis = spec.environments().get(1).canary().analysis();
        assertThat(analysis.metrics()).isEmpty();
        assertThat(analysis.kubernetes()).isTrue();
        assertThat(spec.build().entrypoint()).containsExactly("/bin/busybox", "false");
    }

    @Test
    void eachReleaseIsACommitOnMainAfterThePreviousOne() {
        SampleApp sample = sample(true);
        SampleApp.Commit first = sample.create();
        SampleApp.Commit second = sample.release(2, "Second version");

        assertThat(first.before()).isEqualTo("0".repeat(40));
        assertThat(second.before()).isEqualTo(first.sha());
        assertThat(second.sha()).matches("[0-9a-f]{40}").isNotEqualTo(first.sha());
        assertThat(sample.cloneUrl()).startsWith("file:/");
    }
}

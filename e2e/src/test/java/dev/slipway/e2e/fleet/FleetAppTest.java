package dev.slipway.e2e.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.slipway.contracts.spec.EnvironmentSpec;
import dev.slipway.contracts.spec.PipelineSpec;
import dev.slipway.contracts.spec.SpecParser;
import dev.slipway.e2e.api.SlipwayApi;

class FleetAppTest {

    @TempDir
    Path dir;

    @Test
    void specRollsOutToStagingThenProductionWithoutCanaryBackupOrSecrets() throws Exception {
        PipelineSpec spec = SpecParser.parse(FleetApp.slipwayYaml("fleet-7"));

        assertThat(spec.app()).isEqualTo("fleet-7");
        assertThat(spec.environments()).extracting(EnvironmentSpec::name).containsExactly(FleetApp.STAGING,
                FleetApp.PRODUCTION);
        assertThat(spec.environments()).allSatisfy(env -> {
            assertThat(env.strategy()).isEqualTo(EnvironmentSpec.Strategy.ROLLING);
            assertThat(env.backupBefore()).isFalse();
        });
        assertThat(spec.chart().secrets()).isEmpty();
    }

    @Test
    void eachReleaseIsANewCommitOnTopOfThePreviousOne() throws Exception {
        FleetApp app = new FleetApp("fleet-1", dir.resolve("fleet-1.git"));

        SlipwayApi.PushedCommit first = app.create();
        SlipwayApi.PushedCommit second = app.release();

        assertThat(second.before()).isEqualTo(first.sha());
        assertThat(second.sha()).isNotEqualTo(first.sha()).hasSize(40);
        assertThat(Files.readString(dir.resolve("fleet-1.git/site/version.txt"))).isEqualTo("fleet-1 version 2\n");
        assertThat(app.cloneUrl()).startsWith("file:");
    }
}

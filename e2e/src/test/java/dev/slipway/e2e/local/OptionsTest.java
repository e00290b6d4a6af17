package dev.slipway.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void runsTheHappyScenarioOnASimulatedClusterByDefault() {
        Options options = Options.parse(List.of());
        assertThat(options.scenario()).isEqualTo(Options.HAPPY);
        assertThat(options.simulated()).isTrue();
    }

    @Test
    void takesTheBrokenScenarioInEitherSpelling() {
        assertThat(Options.parse(List.of("--scenario", "broken")).scenario()).isEqualTo(Options.BROKEN);
        assertThat(Options.parse(List.of("--scenario=broken")).scenario()).isEqualTo(Options.BROKEN);
    }

    @Test
    void rejectsAnUnknownScenarioAndAMissingKubeconfig() {
        assertThatThrownBy(() -> Options.parse(List.of("--scenario", "chaos")))
                .hasMessageContaining("happy or broken");
        assertThatThrownBy(() -> Options.parse(List.of("--kubeconfig", "/nonexistent/kubeconfig")))
                .hasMessageContaining("no file");
        assertThatThrownBy(() -> Options.parse(List.of("--scenario"))).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Options.parse(List.of("--verbose"))).hasMessageContaining("unknown option");
    }
}

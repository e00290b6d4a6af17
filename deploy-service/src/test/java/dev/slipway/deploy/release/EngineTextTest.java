package dev.slipway.deploy.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class EngineTextTest {

    @Test
    void writesDurationsForPeople() {
        assertThat(ReleaseEngine.human(Duration.ofHours(24))).isEqualTo("24h");
        assertThat(ReleaseEngine.human(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(ReleaseEngine.human(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(ReleaseEngine.human(Duration.ofMillis(300))).isEqualTo("300ms");
    }

    @Test
    void namesAReleaseByAppEnvironmentAndRevision() {
        assertThat(ReleaseEngine.releaseName("shop", "production", 7)).isEqualTo("shop-production-r7");
    }
}

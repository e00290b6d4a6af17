package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.slipway.contracts.Stage;

class StageMetricsTest {

    @Test
    void countsOutcomesAndTimesEachByStage() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StageMetrics metrics = new StageMetrics(registry, Stage.BUILD);

        metrics.record("succeeded", Duration.ofMillis(1200));
        metrics.record("succeeded", Duration.ofMillis(800));
        metrics.record("failed", Duration.ofMillis(50));

        assertThat(registry.get(StageMetrics.OUTCOMES).tags("stage", "build", "outcome", "succeeded").counter()
                .count()).isEqualTo(2.0);
        assertThat(registry.get(StageMetrics.OUTCOMES).tags("stage", "build", "outcome", "failed").counter()
                .count()).isEqualTo(1.0);
        assertThat(registry.get(StageMetrics.DURATION).tags("stage", "build", "outcome", "succeeded").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2000.0);
    }
}

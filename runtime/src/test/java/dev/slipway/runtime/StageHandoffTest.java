package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.cloudevents.RunContext;

class StageHandoffTest {

    private static final Instant EMITTED = Instant.parse("2026-11-23T10:00:00.000Z");

    @Test
    void recordsTheTimeFromTheEventsEmissionToTheHandlersStartByServiceAndType() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Clock clock = Clock.fixed(EMITTED.plusMillis(7), ZoneOffset.UTC);

        var handoff = StageHandoff.record(registry, clock, "chart-service", received(EMITTED));

        assertThat(handoff).hasValue(Duration.ofMillis(7));
        Timer timer = registry.get(StageHandoff.NAME)
                .tags("service", "chart-service", "type", EventTypes.IMAGE_BUILT).timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7.0);
        assertThat(timer.takeSnapshot().percentileValues()).extracting(ValueAtPercentile::percentile)
                .containsExactly(0.5, 0.95, 0.99);
    }

    @Test
    void skipsAnEventWithoutTimeOrStampedAfterThisClock() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Clock clock = Clock.fixed(EMITTED, ZoneOffset.UTC);

        assertThat(StageHandoff.record(registry, clock, "chart-service", received(null))).isEmpty();
        assertThat(StageHandoff.record(registry, clock, "chart-service", received(EMITTED.plusSeconds(2))))
                .isEmpty();
        assertThat(registry.find(StageHandoff.NAME).timers()).isEmpty();
    }

    private static Received<String> received(Instant time) {
        return new Received<>("payload", "evt-1", EventTypes.IMAGE_BUILT, new RunContext("run-1", null, null), time);
    }
}

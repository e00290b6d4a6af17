package dev.slipway.runtime;

import java.time.Duration;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.slipway.contracts.Stage;

/**
 * A stage's duration and outcomes, as {@code slipway_stage_duration_seconds{stage,outcome}} and
 * {@code slipway_stage_outcomes_total{stage,outcome}} in Prometheus.
 */
public final class StageMetrics {

    public static final String DURATION = "slipway.stage.duration";
    public static final String OUTCOMES = "slipway.stage.outcomes";

    private final MeterRegistry registry;
    private final String stage;

    public StageMetrics(MeterRegistry registry, Stage stage) {
        this.registry = registry;
        this.stage = stage.name().toLowerCase(Locale.ROOT);
    }

    /** Records one piece of work that ended with {@code outcome} ({@code succeeded}, {@code failed}, ...). */
    public void record(String outcome, Duration took) {
        Timer.builder(DURATION)
                .description("Time a stage took for one input")
                .tag("stage", stage)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(took);
        Counter.builder(OUTCOMES)
                .description("Inputs a stage finished, by outcome")
                .tag("stage", stage)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}

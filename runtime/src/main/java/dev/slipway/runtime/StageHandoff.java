package dev.slipway.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

/**
 * How long an event took from its emission in one stage to the start of its handling in the next: the time from its
 * {@code ce_time} to the handler's start, as {@code slipway_stage_handoff_seconds{service,type}} with client-side
 * percentiles (p50, p95, p99) and a histogram. Each measurement is also logged at DEBUG with the event's id, for
 * exact per-event figures.
 *
 * <p>
 * The two times come from different clocks when the stages run on different hosts, so the figure is as good as their
 * clock synchronisation; an event stamped in the future (a clock ahead of this one) is not recorded.
 */
public final class StageHandoff {

    public static final String NAME = "slipway.stage.handoff";

    private static final Logger LOG = Logger.getLogger(StageHandoff.class);

    private StageHandoff() {
    }

    /**
     * Records the handoff of {@code received} to {@code service} in Micrometer's global registry, which the services'
     * Prometheus registry joins. Call it first thing in a handler, right after reading the event.
     */
    public static void record(String service, Received<?> received) {
        record(Metrics.globalRegistry, Clock.systemUTC(), service, received);
    }

    /**
     * Records the handoff of {@code received} to {@code service} in {@code registry}.
     *
     * @return the handoff, or empty when the event carries no time or one later than {@code clock}'s now
     */
    public static Optional<Duration> record(MeterRegistry registry, Clock clock, String service,
            Received<?> received) {
        Instant emitted = received.time();
        if (emitted == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Duration handoff = Duration.between(emitted, now);
        if (handoff.isNegative()) {
            LOG.debugf("handoff of %s %s to %s not recorded: its time is %s after this clock", received.type(),
                    received.eventId(), service, handoff.negated());
            return Optional.empty();
        }
        Timer.builder(NAME)
                .description("Time from an event's emission (ce_time) to the start of its handling in the next stage")
                .tag("service", service)
                .tag("type", received.type())
                .publishPercentiles(0.5, 0.95, 0.99)
                .publishPercentileHistogram()
                .register(registry)
                .record(handoff);
        if (LOG.isDebugEnabled()) {
            LOG.debugf("handoff service=%s type=%s id=%s micros=%d", service, received.type(), received.eventId(),
                    handoff.toNanos() / 1_000);
        }
        return Optional.of(handoff);
    }
}

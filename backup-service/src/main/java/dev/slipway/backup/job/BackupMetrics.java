package dev.slipway.backup.job;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The age of the last successful and of the last verified backup of each database, for an alert such as "no verified
 * backup of a production database in 26 hours": {@code slipway_backup_last_success_age_seconds{app,database}} and
 * {@code slipway_backup_last_verified_age_seconds{app,database}}.
 */
@ApplicationScoped
public class BackupMetrics {

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, AtomicReference<Instant>> lastSuccess = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Instant>> lastVerified = new ConcurrentHashMap<>();

    @Inject
    public BackupMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** A backup finished at {@code at}; {@code verified} when its drill passed. */
    public void succeeded(String app, String database, Instant at, boolean verified) {
        advance(lastSuccess, "slipway.backup.last.success.age", app, database, at);
        if (verified) {
            advance(lastVerified, "slipway.backup.last.verified.age", app, database, at);
        }
    }

    private void advance(Map<String, AtomicReference<Instant>> times, String name, String app, String database,
            Instant at) {
        AtomicReference<Instant> time = times.computeIfAbsent(app + "/" + database, id -> {
            AtomicReference<Instant> created = new AtomicReference<>();
            Gauge.builder(name, created, t -> t.get() == null
                    ? Double.NaN
                    : Math.max(0, clock.millis() - t.get().toEpochMilli()) / 1000.0)
                    .baseUnit("seconds")
                    .tags("app", app, "database", database)
                    .register(registry);
            return created;
        });
        time.accumulateAndGet(at, (old, now) -> old == null || now.isAfter(old) ? now : old);
    }
}

package dev.slipway.gateway.messaging;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

import dev.slipway.gateway.config.GatewayConfig;
import dev.slipway.gateway.outbox.OutboxRelay;
import dev.slipway.gateway.outbox.OutboxStore;
import dev.slipway.gateway.support.Database;

/**
 * Runs the outbox relay on one thread: at once when a change queued an event, and on a timer, so events queued while
 * the broker was down go out once it is back.
 */
@ApplicationScoped
public class OutboxRelayJob {

    private static final Logger LOG = Logger.getLogger(OutboxRelayJob.class);

    @Inject
    Database database;

    @Inject
    OutboxStore store;

    @Inject
    KafkaOutboxPublisher publisher;

    @Inject
    GatewayConfig config;

    @Inject
    MeterRegistry registry;

    private final AtomicBoolean requested = new AtomicBoolean();
    private ExecutorService executor;
    private OutboxRelay relay;

    @PostConstruct
    void start() {
        relay = new OutboxRelay(database, store, publisher, config.outbox().batchSize(),
                config.outbox().publishTimeout());
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
        Gauge.builder("slipway.gateway.outbox.backlog", this, OutboxRelayJob::backlog)
                .description("Events waiting in the outbox to be published").register(registry);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** Asks for a relay round; rounds asked for while one is pending are one round. */
    public void wake() {
        if (requested.compareAndSet(false, true)) {
            executor.execute(() -> {
                requested.set(false);
                try {
                    relay.drain();
                } catch (RuntimeException e) {
                    LOG.warnf("Outbox relay round failed, will retry: %s", e.getMessage());
                }
            });
        }
    }

    @Scheduled(every = "${slipway.gateway.outbox.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        wake();
    }

    private double backlog() {
        try {
            return database.read(store::backlog);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}

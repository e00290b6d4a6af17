package dev.slipway.deploy.messaging;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.slipway.deploy.config.DeployConfig;
import dev.slipway.deploy.release.ReleaseEngine;
import dev.slipway.deploy.release.ReleaseStore;

/**
 * Drives the release engine on threads of its own, so a canary that takes an hour never holds a Kafka consumer. One
 * thread looks for due work every tick and hands each application to a pool of
 * {@code slipway.deploy.worker-threads}; a look costs no API call, since the release states are watched. On start it
 * resumes whatever the cluster's release state says is under way.
 */
@ApplicationScoped
public class ReleaseWorker {

    private static final Logger LOG = Logger.getLogger(ReleaseWorker.class);

    @Inject
    ReleaseEngine engine;

    @Inject
    ReleaseStore store;

    @Inject
    DeployConfig config;

    private ScheduledExecutorService ticker;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private volatile long lastTickMillis;

    void start(@Observes StartupEvent event) {
        if (!config.workerEnabled()) {
            LOG.info("The release worker is off (slipway.deploy.worker-enabled=false)");
            return;
        }
        store.startCache();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "slipway-release-worker");
            thread.setDaemon(true);
            return thread;
        });
        long period = config.tickInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
        LOG.infof("Release worker %s ticking every %s with %d thread(s)", config.instanceId(), config.tickInterval(),
                config.workerThreads());
    }

    /**
     * Looks for due work now rather than at the next interval, so that a release just recorded is planned and applied
     * without waiting. Wakes that come while one is queued are one wake.
     */
    public void wake() {
        ScheduledExecutorService running = ticker;
        if (running != null && !running.isShutdown() && wakeQueued.compareAndSet(false, true)) {
            try {
                running.execute(() -> {
                    wakeQueued.set(false);
                    tick();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("The release worker is stopping");
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        store.stopCache();
    }

    private void tick() {
        try {
            engine.schedule();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Release tick failed");
        }
        lastTickMillis = System.currentTimeMillis();
    }

    /** When the last tick ended, in epoch milliseconds; 0 before the first. */
    public long lastTickMillis() {
        return lastTickMillis;
    }
}

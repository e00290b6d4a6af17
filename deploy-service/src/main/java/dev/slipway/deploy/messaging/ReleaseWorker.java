package dev.slipway.deploy.messaging;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.slipway.deploy.config.DeployConfig;
import dev.slipway.deploy.release.ReleaseEngine;

/**
 * Drives the release engine on a thread of its own, so a canary that takes an hour never holds a Kafka consumer. On
 * start it resumes whatever the cluster's release state says is under way.
 */
@ApplicationScoped
public class ReleaseWorker {

    private static final Logger LOG = Logger.getLogger(ReleaseWorker.class);

    @Inject
    ReleaseEngine engine;

    @Inject
    DeployConfig config;

    private ScheduledExecutorService executor;
    private volatile long lastTickMillis;

    void start(@Observes StartupEvent event) {
        if (!config.workerEnabled()) {
            LOG.info("The release worker is off (slipway.deploy.worker-enabled=false)");
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "slipway-release-worker");
            thread.setDaemon(true);
            return thread;
        });
        long period = config.tickInterval().toMillis();
        executor.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
        LOG.infof("Release worker %s ticking every %s", config.instanceId(), config.tickInterval());
    }

    /**
     * Runs a tick now rather than at the next interval, so that a release just recorded is planned and applied
     * without waiting. Ticks never overlap: they share the worker's one thread.
     */
    public void wake() {
        ScheduledExecutorService running = executor;
        if (running != null && !running.isShutdown()) {
            try {
                running.execute(this::tick);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("The release worker is stopping");
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void tick() {
        try {
            engine.tick();
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

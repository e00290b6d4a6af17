package dev.slipway.deploy.config;

import java.util.concurrent.Executor;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The threads the release engine steps applications on, {@code slipway.deploy.worker-threads} of them, taking work by
 * priority (releases under way before new ones) rather than in arrival order.
 */
@Singleton
public class ReleaseStepPool implements Executor {

    private final ThreadPoolExecutor pool;

    @Inject
    public ReleaseStepPool(DeployConfig config) {
        AtomicInteger threads = new AtomicInteger();
        int size = Math.max(1, config.workerThreads());
        pool = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, "slipway-release-step-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void execute(Runnable command) {
        pool.execute(command);
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

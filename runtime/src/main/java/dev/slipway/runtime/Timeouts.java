package dev.slipway.runtime;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.slipway.contracts.FailureReason;

/** Runs work with a time limit; past it the work is interrupted and the stage fails with {@code TIMEOUT}. */
public final class Timeouts {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "slipway-timed-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    public static <T> T run(Duration limit, Callable<T> work) throws StageException {
        Future<T> future = EXECUTOR.submit(work);
        try {
            return future.get(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw StageException.of(FailureReason.TIMEOUT, "did not finish within " + human(limit));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw StageException.of(FailureReason.TIMEOUT, "interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StageException stage) {
                throw stage;
            }
            if (cause instanceof java.io.IOException io) {
                throw StageException.of(FailureReason.UNAVAILABLE, io.getClass().getSimpleName() + ": "
                        + io.getMessage(), io);
            }
            throw StageException.of(FailureReason.INTERNAL, cause.getClass().getSimpleName() + ": "
                    + cause.getMessage(), cause);
        }
    }

    static String human(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        return s % 60 == 0 && s > 0 ? s / 60 + "m" : s + "s";
    }

    private Timeouts() {
    }
}

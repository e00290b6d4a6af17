package dev.slipway.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

import dev.slipway.contracts.FailureReason;

/**
 * Runs work again while it fails in a way that may pass (a {@link StageException} whose reason is retriable, or an
 * I/O error), waiting longer each time. Anything else is given up at once.
 */
public final class Retry {

    public static <T> T call(RetryPolicy policy, Callable<T> work) throws StageException {
        for (int attempt = 1;; attempt++) {
            StageException failure;
            try {
                return work.call();
            } catch (StageException e) {
                failure = e;
            } catch (IOException | UncheckedIOException e) {
                failure = StageException.of(FailureReason.UNAVAILABLE, describe(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw StageException.of(FailureReason.TIMEOUT, "interrupted", e).withAttempts(attempt);
            } catch (Exception e) {
                throw StageException.of(FailureReason.INTERNAL, describe(e), e).withAttempts(attempt);
            }
            if (!failure.retriable() || attempt >= policy.maxAttempts()) {
                throw failure.withAttempts(attempt);
            }
            sleep(policy, attempt, failure);
        }
    }

    private static void sleep(RetryPolicy policy, int attempt, StageException failure) throws StageException {
        long base = policy.backoff(attempt).toMillis();
        // Up to 20 % jitter, so instances that failed together do not retry together.
        long wait = base + (base > 0 ? ThreadLocalRandom.current().nextLong(base / 5 + 1) : 0);
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure.withAttempts(attempt);
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private Retry() {
    }
}

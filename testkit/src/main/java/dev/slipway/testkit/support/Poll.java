package dev.slipway.testkit.support;

import java.time.Duration;
import java.util.function.Supplier;

/** Polling for servers to come up; tests use Awaitility instead. */
public final class Poll {

    /** A readiness check; an exception counts as "not yet" unless it is an {@link IllegalStateException}. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /**
     * Polls {@code condition} every 25 ms until it holds.
     *
     * @throws IllegalStateException after {@code timeout}, with {@code diagnostics} in the message
     */
    public static void until(String what, Duration timeout, Condition condition, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (IllegalStateException e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                IllegalStateException failure = new IllegalStateException("Timed out after " + timeout
                        + " waiting for " + what + (diagnostics == null ? "" : ":\n" + diagnostics.get()));
                if (last != null) {
                    failure.addSuppressed(last);
                }
                throw failure;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            }
        }
    }

    private Poll() {
    }
}

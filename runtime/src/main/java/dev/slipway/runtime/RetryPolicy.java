package dev.slipway.runtime;

import java.time.Duration;

/**
 * How often and how patiently a stage retries transient failures: exponential backoff from {@code initialBackoff},
 * doubling up to {@code maxBackoff}, for at most {@code maxAttempts} tries in all.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be positive and maxBackoff >= initialBackoff");
        }
    }

    /** Five tries over about fifteen seconds. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(8));
    }

    /** One try, no retry. */
    public static RetryPolicy once() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /** The wait before try {@code attempt + 1}, after {@code attempt} failures (1-based), without jitter. */
    public Duration backoff(int attempt) {
        long millis = initialBackoff.toMillis();
        for (int i = 1; i < attempt && millis < maxBackoff.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}

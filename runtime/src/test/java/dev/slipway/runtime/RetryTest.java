package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.slipway.contracts.FailureReason;

class RetryTest {

    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(4));

    @Test
    void retriesTransientFailureUntilItPasses() throws StageException {
        AtomicInteger calls = new AtomicInteger();

        String result = Retry.call(FAST, () -> {
            if (calls.incrementAndGet() < 3) {
                throw StageException.of(FailureReason.UNAVAILABLE, "registry down");
            }
            return "pushed";
        });

        assertThat(result).isEqualTo("pushed");
        assertThat(calls).hasValue(3);
    }

    @Test
    void givesUpAfterMaxAttemptsAndCountsThem() {
        AtomicInteger calls = new AtomicInteger();

        StageException e = catchThrowableOfType(StageException.class, () -> Retry.call(FAST, () -> {
            calls.incrementAndGet();
            throw new IOException("connection refused");
        }));

        assertThat(calls).hasValue(4);
        assertThat(e.attempts()).isEqualTo(4);
        assertThat(e.reason()).isEqualTo(FailureReason.UNAVAILABLE);
        assertThat(e.getMessage()).contains("connection refused");
    }

    @Test
    void doesNotRetryInvalidInput() {
        AtomicInteger calls = new AtomicInteger();

        StageException e = catchThrowableOfType(StageException.class, () -> Retry.call(FAST, () -> {
            calls.incrementAndGet();
            throw StageException.of(FailureReason.INVALID_INPUT, "bad slipway.yaml");
        }));

        assertThat(calls).hasValue(1);
        assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT);
        assertThat(e.retriable()).isFalse();
    }

    @Test
    void treatsUnexpectedExceptionAsInternalWithoutRetry() {
        AtomicInteger calls = new AtomicInteger();

        StageException e = catchThrowableOfType(StageException.class, () -> Retry.call(FAST, () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("bug");
        }));

        assertThat(calls).hasValue(1);
        assertThat(e.reason()).isEqualTo(FailureReason.INTERNAL);
    }

    @Test
    void backoffDoublesUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(700));

        assertThat(policy.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoff(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.backoff(4)).isEqualTo(Duration.ofMillis(700));
        assertThat(policy.backoff(9)).isEqualTo(Duration.ofMillis(700));
    }
}

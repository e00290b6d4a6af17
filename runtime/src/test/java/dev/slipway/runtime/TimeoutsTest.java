package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.slipway.contracts.FailureReason;

class TimeoutsTest {

    @Test
    void returnsResultWithinLimit() throws StageException {
        assertThat(Timeouts.run(Duration.ofSeconds(5), () -> 42)).isEqualTo(42);
    }

    @Test
    void failsWithTimeoutAndInterruptsWorkPastLimit() throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);

        StageException e = catchThrowableOfType(StageException.class, () -> Timeouts.run(Duration.ofMillis(100), () -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException ie) {
                interrupted.countDown();
            }
            return null;
        }));

        assertThat(e.reason()).isEqualTo(FailureReason.TIMEOUT);
        assertThat(e.getMessage()).isEqualTo("did not finish within 100ms");
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("work was interrupted").isTrue();
    }

    @Test
    void passesStageExceptionThrough() {
        StageException e = catchThrowableOfType(StageException.class, () -> Timeouts.run(Duration.ofSeconds(5), () -> {
            throw StageException.of(FailureReason.CONFLICT, "field owned by kubectl");
        }));

        assertThat(e.reason()).isEqualTo(FailureReason.CONFLICT);
    }
}

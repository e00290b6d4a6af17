package dev.slipway.backup.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class ScheduleDecisionTest {

    private static final CronSchedule NIGHTLY = CronSchedule.parse("0 3 * * *");
    private static final Duration CATCH_UP = Duration.ofHours(6);
    private static final Instant FIRE = Instant.parse("2026-03-01T03:00:00Z");

    @Test
    void isDueOnceTheScheduleHasFired() {
        assertThat(ScheduleDecision.due(NIGHTLY, FIRE.plusSeconds(20), FIRE.minus(Duration.ofDays(1)), null,
                CATCH_UP)).contains(FIRE);
    }

    @Test
    void aFireExactlyNowCounts() {
        assertThat(ScheduleDecision.due(NIGHTLY, FIRE, null, null, CATCH_UP)).contains(FIRE);
    }

    @Test
    void isNotDueBeforeTheFire() {
        assertThat(ScheduleDecision.due(NIGHTLY, FIRE.minusSeconds(1), FIRE.minus(Duration.ofDays(1)).plusSeconds(5),
                null, CATCH_UP)).isEmpty();
    }

    @Test
    void aBackupAfterTheFireMeansItIsDone() {
        assertThat(ScheduleDecision.due(NIGHTLY, FIRE.plusSeconds(600), FIRE.plusSeconds(30), null, CATCH_UP))
                .isEmpty();
    }

    @Test
    void aFireAlreadyAttemptedIsNotRetriedUntilTheNext() {
        assertThat(ScheduleDecision.due(NIGHTLY, FIRE.plusSeconds(600), null, FIRE, CATCH_UP)).isEmpty();
        assertThat(ScheduleDecision.due(NIGHTLY, FIRE.plus(Duration.ofDays(1)), null, FIRE, CATCH_UP))
                .contains(FIRE.plus(Duration.ofDays(1)));
    }

    @Test
    void aFireMissedLongerThanTheCatchUpWindowIsSkipped() {
        assertThat(ScheduleDecision.due(NIGHTLY, FIRE.plus(Duration.ofHours(5)), null, null, CATCH_UP))
                .contains(FIRE);
        assertThat(ScheduleDecision.due(NIGHTLY, FIRE.plus(Duration.ofHours(7)), null, null, CATCH_UP)).isEmpty();
    }

    @Test
    void readsFiveFieldExpressionsOnly() {
        assertThat(CronSchedule.parse("*/15 2-4 * * 1-5").nextFire(FIRE.atZone(java.time.ZoneOffset.UTC)))
                .get().extracting(t -> t.toInstant()).isEqualTo(Instant.parse("2026-03-02T02:00:00Z"));
        assertThatThrownBy(() -> CronSchedule.parse("0 0 3 * * ?")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("five-field");
    }
}

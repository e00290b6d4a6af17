package dev.slipway.backup.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Whether a scheduled backup is due. The bucket remembers the last backup, so a restarted service neither repeats a
 * backup it already took nor forgets one it missed while down, as long as the miss is within the catch-up window.
 */
public final class ScheduleDecision {

    private ScheduleDecision() {
    }

    /**
     * The fire time to back up for now, or empty.
     *
     * @param schedule the policy's schedule
     * @param now the current time
     * @param lastBackupStart when the newest backup of the database started, or null for none
     * @param lastAttemptedFire the fire time last attempted (successfully or not) by this instance, or null
     * @param catchUp how late a fire may still be acted on
     */
    public static Optional<Instant> due(CronSchedule schedule, Instant now, Instant lastBackupStart,
            Instant lastAttemptedFire, Duration catchUp) {
        Optional<Instant> fire = schedule.lastFire(now.atZone(ZoneOffset.UTC)).map(t -> t.toInstant());
        if (fire.isEmpty()) {
            return Optional.empty();
        }
        Instant at = fire.get();
        if (Duration.between(at, now).compareTo(catchUp) > 0) {
            return Optional.empty();
        }
        if (lastBackupStart != null && !lastBackupStart.isBefore(at)) {
            return Optional.empty();
        }
        if (lastAttemptedFire != null && !lastAttemptedFire.isBefore(at)) {
            return Optional.empty();
        }
        return fire;
    }
}

package dev.slipway.backup.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.slipway.backup.storage.StoredBackup;

/**
 * Which backups of one database to keep and which to delete, under a {@link RetentionRule}. A backup is kept when any
 * rule keeps it; the newest verified backup is kept whatever the rule says, so there is always one backup known to
 * restore. A backup whose restore drill failed fills none of the last, daily or weekly places (a damaged backup must
 * not push out a good one); only its age can keep it.
 */
public final class Retention {

    /** Why a backup is kept. */
    public enum Reason {
        /** The rule keeps every backup ({@code keepDays} is 0). */
        NO_LIMIT,
        /** Started within {@code keepDays}. */
        RECENT,
        /** One of the newest {@code keepLast}. */
        LAST,
        /** The newest of its day, one of the last {@code keepDaily} days that have a backup. */
        DAILY,
        /** The newest of its ISO week, one of the last {@code keepWeekly} weeks that have a backup. */
        WEEKLY,
        /** The newest backup whose restore drill passed. */
        NEWEST_VERIFIED
    }

    /**
     * @param kept the backups kept, by key, with every reason that keeps each, newest first
     * @param deleted the backups to delete, oldest first
     */
    public record Decision(Map<String, Set<Reason>> kept, List<StoredBackup> deleted) {
    }

    private static final Comparator<StoredBackup> NEWEST_FIRST = Comparator
            .comparing((StoredBackup b) -> b.metadata().startedAt()).thenComparing(StoredBackup::key).reversed();

    private Retention() {
    }

    public static Decision decide(List<StoredBackup> backups, RetentionRule rule, Instant now) {
        List<StoredBackup> newestFirst = new ArrayList<>(backups);
        newestFirst.sort(NEWEST_FIRST);
        Map<String, Set<Reason>> kept = new LinkedHashMap<>();
        if (rule.keepDays() <= 0) {
            newestFirst.forEach(b -> keep(kept, b, Reason.NO_LIMIT));
            return new Decision(kept, List.of());
        }
        Instant cutoff = now.minus(Duration.ofDays(rule.keepDays()));
        newestFirst.stream().filter(b -> !b.metadata().startedAt().isBefore(cutoff))
                .forEach(b -> keep(kept, b, Reason.RECENT));
        List<StoredBackup> candidates = newestFirst.stream().filter(Retention::notFailed).toList();
        candidates.stream().limit(rule.keepLast()).forEach(b -> keep(kept, b, Reason.LAST));
        newestPer(candidates, Retention::day, rule.keepDaily()).forEach(b -> keep(kept, b, Reason.DAILY));
        newestPer(candidates, Retention::isoWeek, rule.keepWeekly()).forEach(b -> keep(kept, b, Reason.WEEKLY));
        newestVerified(backups).ifPresent(b -> keep(kept, b, Reason.NEWEST_VERIFIED));

        Map<String, Set<Reason>> ordered = new LinkedHashMap<>();
        newestFirst.stream().filter(b -> kept.containsKey(b.key())).forEach(b -> ordered.put(b.key(), kept.get(
                b.key())));
        List<StoredBackup> deleted = newestFirst.stream().filter(b -> !kept.containsKey(b.key()))
                .sorted(NEWEST_FIRST.reversed()).toList();
        return new Decision(ordered, deleted);
    }

    /** The backups to delete, oldest first. */
    public static List<StoredBackup> expired(List<StoredBackup> backups, RetentionRule rule, Instant now) {
        return decide(backups, rule, now).deleted();
    }

    /** The newest backup whose restore drill passed. */
    public static Optional<StoredBackup> newestVerified(List<StoredBackup> backups) {
        return backups.stream().filter(StoredBackup::verified).min(NEWEST_FIRST);
    }

    /** The newest backup of each of the newest {@code periods} periods that have one. */
    private static <P> List<StoredBackup> newestPer(List<StoredBackup> newestFirst,
            Function<StoredBackup, P> period, int periods) {
        List<StoredBackup> chosen = new ArrayList<>();
        Set<P> seen = new HashSet<>();
        for (StoredBackup backup : newestFirst) {
            if (seen.size() == periods) {
                break;
            }
            if (seen.add(period.apply(backup))) {
                chosen.add(backup);
            }
        }
        return chosen;
    }

    private static boolean notFailed(StoredBackup backup) {
        return backup.drill() == null || backup.drill().passed();
    }

    private static LocalDate day(StoredBackup backup) {
        return backup.metadata().startedAt().atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static String isoWeek(StoredBackup backup) {
        LocalDate day = day(backup);
        return day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    }

    private static void keep(Map<String, Set<Reason>> kept, StoredBackup backup, Reason reason) {
        kept.computeIfAbsent(backup.key(), k -> EnumSet.noneOf(Reason.class)).add(reason);
    }
}

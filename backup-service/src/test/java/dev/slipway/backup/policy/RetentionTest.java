package dev.slipway.backup.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.slipway.backup.policy.Retention.Decision;
import dev.slipway.backup.policy.Retention.Reason;
import dev.slipway.backup.storage.BackupMetadata;
import dev.slipway.backup.storage.DrillRecord;
import dev.slipway.backup.storage.StoredBackup;

/** Retention decisions against a fixed clock: Sunday 2026-03-01, 12:00 UTC. */
class RetentionTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private enum Drill {
        NONE, PASSED, FAILED
    }

    @Test
    void deletesWhatIsOlderThanTheRetentionPeriod() {
        List<StoredBackup> backups = List.of(backup("a", 30, true), backup("b", 8, true), backup("c", 2, true));

        assertThat(Retention.expired(backups, RetentionRule.days(7), NOW)).extracting(StoredBackup::key)
                .containsExactly("a", "b");
    }

    @Test
    void keepsTheNewestVerifiedBackupHoweverOld() {
        List<StoredBackup> backups = List.of(backup("old-verified", 40, true), backup("newest-verified", 20, true),
                backup("unverified", 10, false), backup("recent-unverified", 1, false));

        assertThat(Retention.expired(backups, RetentionRule.days(7), NOW)).extracting(StoredBackup::key)
                .containsExactly("old-verified", "unverified");
    }

    @Test
    void aFailedDrillDoesNotCountAsVerified() {
        StoredBackup failed = new StoredBackup("failed", 1, metadata(NOW.minus(Duration.ofDays(15))),
                new DrillRecord(false, NOW, 0, 0, null, "checksum mismatch"));

        assertThat(Retention.expired(List.of(failed, backup("verified", 30, true)), RetentionRule.days(7), NOW))
                .extracting(StoredBackup::key).containsExactly("failed");
    }

    @Test
    void keepsEverythingWithoutARetentionPeriod() {
        assertThat(Retention.expired(List.of(backup("a", 400, false)), RetentionRule.days(0), NOW)).isEmpty();
    }

    @Test
    void withoutARetentionPeriodTheCountsDeleteNothingEither() {
        Decision decision = Retention.decide(List.of(backup("a", 400, false), backup("b", 300, false)),
                new RetentionRule(0, 1, 1, 1), NOW);

        assertThat(decision.deleted()).isEmpty();
        assertThat(decision.kept()).containsOnlyKeys("a", "b").allSatisfy((key, reasons) -> assertThat(reasons)
                .containsExactly(Reason.NO_LIMIT));
    }

    @Test
    void keepsTheNewestBackupsWhateverTheirAge() {
        List<StoredBackup> backups = List.of(backup("d40", 40, false), backup("d30", 30, false),
                backup("d20", 20, false), backup("d10", 10, false));

        Decision decision = Retention.decide(backups, new RetentionRule(1, 3, 0, 0), NOW);

        assertThat(decision.kept()).containsOnlyKeys("d10", "d20", "d30");
        assertThat(decision.kept().get("d30")).containsExactly(Reason.LAST);
        assertThat(decision.deleted()).extracting(StoredBackup::key).containsExactly("d40");
    }

    @Test
    void aBackupWhoseDrillFailedTakesNoneOfTheLastPlaces() {
        List<StoredBackup> backups = List.of(at("failed", "2026-02-25T00:00:00Z", Drill.FAILED),
                at("good-1", "2026-02-24T00:00:00Z", Drill.NONE), at("good-2", "2026-02-23T00:00:00Z", Drill.NONE),
                at("good-3", "2026-02-22T00:00:00Z", Drill.NONE));

        // The 23rd and 24th are in ISO week 9: one week keeps only good-1.
        Decision decision = Retention.decide(backups, new RetentionRule(1, 2, 2, 1), NOW);

        assertThat(decision.kept()).containsOnlyKeys("good-1", "good-2");
        assertThat(decision.deleted()).extracting(StoredBackup::key).containsExactly("good-3", "failed");
    }

    @Test
    void aRecentBackupWhoseDrillFailedIsStillKeptByItsAge() {
        StoredBackup failed = at("failed", "2026-03-01T06:00:00Z", Drill.FAILED);

        Decision decision = Retention.decide(List.of(failed), new RetentionRule(1, 0, 0, 0), NOW);

        assertThat(decision.kept()).containsEntry("failed", EnumSet.of(Reason.RECENT));
    }

    @Test
    void keepsTheNewestBackupOfEachOfTheLastDaysThatHaveOne() {
        List<StoredBackup> backups = List.of(at("feb20-early", "2026-02-20T01:00:00Z", Drill.NONE),
                at("feb20-late", "2026-02-20T13:00:00Z", Drill.NONE),
                at("feb21", "2026-02-21T05:00:00Z", Drill.NONE),
                // no backup on the 22nd: it does not use up one of the days
                at("feb23-early", "2026-02-23T09:00:00Z", Drill.NONE),
                at("feb23-late", "2026-02-23T22:00:00Z", Drill.NONE));

        Decision decision = Retention.decide(backups, new RetentionRule(1, 0, 3, 0), NOW);

        assertThat(decision.kept()).containsOnlyKeys("feb23-late", "feb21", "feb20-late")
                .allSatisfy((key, reasons) -> assertThat(reasons).containsExactly(Reason.DAILY));
        assertThat(decision.deleted()).extracting(StoredBackup::key).containsExactly("feb20-early", "feb23-early");
    }

    @Test
    void daysAreUtcDays() {
        List<StoredBackup> backups = List.of(at("before-midnight", "2026-02-20T23:30:00Z", Drill.NONE),
                at("after-midnight", "2026-02-21T00:30:00Z", Drill.NONE));

        assertThat(Retention.decide(backups, new RetentionRule(1, 0, 2, 0), NOW).kept())
                .containsOnlyKeys("before-midnight", "after-midnight");
    }

    @Test
    void keepsTheNewestBackupOfEachOfTheLastWeeksThatHaveOne() {
        List<StoredBackup> backups = List.of(
                at("w06-mon", "2026-02-02T10:00:00Z", Drill.NONE), // ISO week 6
                at("w06-sun", "2026-02-08T10:00:00Z", Drill.NONE),
                at("w07-wed", "2026-02-11T10:00:00Z", Drill.NONE), // week 7
                // nothing in week 8
                at("w09-mon", "2026-02-23T10:00:00Z", Drill.NONE), // week 9, the current one
                at("w09-fri", "2026-02-27T10:00:00Z", Drill.NONE));

        Decision decision = Retention.decide(backups, new RetentionRule(1, 0, 0, 3), NOW);

        assertThat(decision.kept()).containsOnlyKeys("w09-fri", "w07-wed", "w06-sun");
        assertThat(decision.deleted()).extracting(StoredBackup::key).containsExactly("w06-mon", "w09-mon");
    }

    @Test
    void weeksAreIsoWeeksAcrossTheTurnOfTheYear() {
        // 2025-12-28 is a Sunday (2025-W52); Monday 2025-12-29 and Friday 2026-01-02 are both in 2026-W01.
        List<StoredBackup> backups = List.of(at("sun-dec-28", "2025-12-28T12:00:00Z", Drill.NONE),
                at("mon-dec-29", "2025-12-29T12:00:00Z", Drill.NONE),
                at("fri-jan-02", "2026-01-02T12:00:00Z", Drill.NONE));

        Decision decision = Retention.decide(backups, new RetentionRule(1, 0, 0, 2), NOW);

        assertThat(decision.kept()).containsOnlyKeys("fri-jan-02", "sun-dec-28");
        assertThat(decision.deleted()).extracting(StoredBackup::key).containsExactly("mon-dec-29");
    }

    @Test
    void theRulesAddUpAndEachKeptBackupSaysWhy() {
        List<StoredBackup> backups = List.of(at("today", "2026-03-01T02:00:00Z", Drill.PASSED),
                at("yesterday", "2026-02-28T02:00:00Z", Drill.NONE),
                at("last-week", "2026-02-20T02:00:00Z", Drill.NONE),
                at("old", "2026-01-10T02:00:00Z", Drill.NONE));

        Decision decision = Retention.decide(backups, new RetentionRule(1, 1, 2, 2), NOW);

        assertThat(decision.kept()).containsExactly(
                Map.entry("today", EnumSet.of(Reason.RECENT, Reason.LAST, Reason.DAILY, Reason.WEEKLY,
                        Reason.NEWEST_VERIFIED)),
                Map.entry("yesterday", EnumSet.of(Reason.DAILY)),
                Map.entry("last-week", EnumSet.of(Reason.WEEKLY)));
        assertThat(decision.deleted()).extracting(StoredBackup::key).containsExactly("old");
    }

    @Test
    void theNewestVerifiedBackupOutlivesEveryRule() {
        List<StoredBackup> backups = List.of(at("verified", "2025-06-01T00:00:00Z", Drill.PASSED),
                at("newer-failed", "2025-07-01T00:00:00Z", Drill.FAILED),
                at("newest", "2026-02-01T00:00:00Z", Drill.NONE));

        Decision decision = Retention.decide(backups, new RetentionRule(1, 1, 0, 0), NOW);

        assertThat(decision.kept()).containsEntry("verified", EnumSet.of(Reason.NEWEST_VERIFIED))
                .containsEntry("newest", EnumSet.of(Reason.LAST));
        assertThat(decision.deleted()).extracting(StoredBackup::key).containsExactly("newer-failed");
    }

    @Test
    void aBackupStartedExactlyAtTheCutoffIsKept() {
        StoredBackup atCutoff = at("cutoff", "2026-02-22T12:00:00Z", Drill.NONE);
        StoredBackup justBefore = at("before", "2026-02-22T11:59:59Z", Drill.NONE);

        assertThat(Retention.expired(List.of(atCutoff, justBefore), RetentionRule.days(7), NOW))
                .extracting(StoredBackup::key).containsExactly("before");
    }

    @Test
    void aBackupFromTheFutureIsKept() {
        StoredBackup skewed = at("skewed", "2026-03-01T12:05:00Z", Drill.NONE);

        assertThat(Retention.decide(List.of(skewed), RetentionRule.days(1), NOW).kept())
                .containsEntry("skewed", EnumSet.of(Reason.RECENT));
    }

    @Test
    void noBackupsNothingToDecide() {
        Decision decision = Retention.decide(List.of(), new RetentionRule(7, 3, 7, 4), NOW);

        assertThat(decision.kept()).isEmpty();
        assertThat(decision.deleted()).isEmpty();
    }

    @Test
    void theOrderOfTheListingDoesNotMatter() {
        List<StoredBackup> history = history(new Random(7), 40);
        RetentionRule rule = new RetentionRule(3, 2, 4, 3);
        Decision sorted = Retention.decide(history, rule, NOW);
        List<StoredBackup> shuffled = new ArrayList<>(history);
        Collections.shuffle(shuffled, new Random(8));

        Decision again = Retention.decide(shuffled, rule, NOW);

        assertThat(again.kept()).containsExactlyEntriesOf(sorted.kept());
        assertThat(again.deleted()).isEqualTo(sorted.deleted());
    }

    @Test
    void negativeCountsAreRejected() {
        assertThatThrownBy(() -> new RetentionRule(7, -1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetentionRules.Counts(0, 0, -2)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Every combination of small rules over many random histories, against a second, brute-force reading of the
     * rules: a backup is kept exactly when some rule, read on its own, keeps it, for the reasons that keep it.
     */
    @Test
    void everyRuleCombinationAgreesWithABruteForceReadingOfTheRules() {
        Random random = new Random(2026);
        List<String> disagreements = new ArrayList<>();
        int decisions = 0;
        for (int h = 0; h < 25; h++) {
            List<StoredBackup> history = history(random, 5 + random.nextInt(40));
            Map<StoredBackup, Object> dayOf = new IdentityHashMap<>();
            Map<StoredBackup, Object> weekOf = new IdentityHashMap<>();
            history.forEach(b -> {
                dayOf.put(b, day(b));
                weekOf.put(b, week(b));
            });
            for (int days = 0; days <= 10; days += 2) {
                for (int last = 0; last <= 3; last++) {
                    for (int daily = 0; daily <= 4; daily++) {
                        for (int weekly = 0; weekly <= 3; weekly++) {
                            RetentionRule rule = new RetentionRule(days, last, daily, weekly);
                            compare(history, dayOf::get, weekOf::get, rule, Retention.decide(history, rule, NOW),
                                    disagreements);
                            decisions++;
                        }
                    }
                }
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(decisions).isEqualTo(25 * 6 * 4 * 5 * 4);
    }

    private static void compare(List<StoredBackup> history, Function<StoredBackup, Object> dayOf,
            Function<StoredBackup, Object> weekOf, RetentionRule rule, Decision decision, List<String> disagreements) {
        Set<String> deleted = new HashSet<>();
        for (StoredBackup b : decision.deleted()) {
            deleted.add(b.key());
        }
        if (deleted.size() + decision.kept().size() != history.size() || deleted.stream().anyMatch(
                decision.kept()::containsKey)) {
            disagreements.add(rule + ": kept and deleted do not split the history");
        }
        for (int i = 1; i < decision.deleted().size(); i++) {
            if (!decision.deleted().get(i).metadata().startedAt()
                    .isAfter(decision.deleted().get(i - 1).metadata().startedAt())) {
                disagreements.add(rule + ": deleted backups are not oldest first");
            }
        }
        StoredBackup newestVerified = null;
        for (StoredBackup b : history) {
            if (b.verified() && (newestVerified == null || b.metadata().startedAt().isAfter(newestVerified.metadata()
                    .startedAt()))) {
                newestVerified = b;
            }
        }
        Instant cutoff = NOW.minus(Duration.ofDays(rule.keepDays()));
        for (StoredBackup b : history) {
            Set<Reason> expected = EnumSet.noneOf(Reason.class);
            if (rule.keepDays() == 0) {
                expected.add(Reason.NO_LIMIT);
            } else {
                if (!b.metadata().startedAt().isBefore(cutoff)) {
                    expected.add(Reason.RECENT);
                }
                if (counts(b) && newerCounted(history, b) < rule.keepLast()) {
                    expected.add(Reason.LAST);
                }
                if (newestCountedOfItsPeriod(history, b, dayOf) && newerPeriods(history, b, dayOf) < rule.keepDaily()) {
                    expected.add(Reason.DAILY);
                }
                if (newestCountedOfItsPeriod(history, b, weekOf)
                        && newerPeriods(history, b, weekOf) < rule.keepWeekly()) {
                    expected.add(Reason.WEEKLY);
                }
                if (b == newestVerified) {
                    expected.add(Reason.NEWEST_VERIFIED);
                }
            }
            Set<Reason> actual = deleted.contains(b.key()) ? Set.of() : decision.kept().get(b.key());
            if (!expected.equals(actual)) {
                disagreements.add(rule + ": " + b.key() + " expected " + expected + ", decided " + actual);
            }
        }
    }

    private static boolean counts(StoredBackup b) {
        return b.drill() == null || b.drill().passed();
    }

    private static int newerCounted(List<StoredBackup> history, StoredBackup b) {
        int newer = 0;
        for (StoredBackup o : history) {
            if (counts(o) && o.metadata().startedAt().isAfter(b.metadata().startedAt())) {
                newer++;
            }
        }
        return newer;
    }

    private static <P> boolean newestCountedOfItsPeriod(List<StoredBackup> history, StoredBackup b,
            Function<StoredBackup, P> period) {
        if (!counts(b)) {
            return false;
        }
        P own = period.apply(b);
        for (StoredBackup o : history) {
            if (counts(o) && o.metadata().startedAt().isAfter(b.metadata().startedAt())
                    && period.apply(o).equals(own)) {
                return false;
            }
        }
        return true;
    }

    private static <P> int newerPeriods(List<StoredBackup> history, StoredBackup b,
            Function<StoredBackup, P> period) {
        P own = period.apply(b);
        Set<P> newer = new HashSet<>();
        for (StoredBackup o : history) {
            if (counts(o) && o.metadata().startedAt().isAfter(b.metadata().startedAt())) {
                newer.add(period.apply(o));
            }
        }
        newer.remove(own);
        return newer.size();
    }

    private static LocalDate day(StoredBackup b) {
        return b.metadata().startedAt().atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static String week(StoredBackup b) {
        LocalDate d = day(b);
        return d.get(IsoFields.WEEK_BASED_YEAR) + "/" + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    }

    /** Backups at distinct random minutes over the last 60 days, some several a day, some days none. */
    private static List<StoredBackup> history(Random random, int size) {
        Set<Long> minutes = new HashSet<>();
        while (minutes.size() < size) {
            minutes.add((long) random.nextInt(60 * 24 * 60));
        }
        List<StoredBackup> history = new ArrayList<>();
        for (long minute : minutes) {
            Drill drill = Drill.values()[random.nextInt(10) < 6 ? 0 : random.nextInt(10) < 7 ? 1 : 2];
            history.add(at("b-" + minute, NOW.minus(Duration.ofMinutes(minute)).toString(), drill));
        }
        return history;
    }

    static StoredBackup backup(String key, int daysAgo, boolean verified) {
        return at(key, NOW.minus(Duration.ofDays(daysAgo)).toString(), verified ? Drill.PASSED : Drill.NONE);
    }

    private static StoredBackup at(String key, String start, Drill drill) {
        Instant startedAt = Instant.parse(start);
        DrillRecord record = switch (drill) {
            case NONE -> null;
            case PASSED -> new DrillRecord(true, startedAt.plusSeconds(60), 1, 1, null, null);
            case FAILED -> new DrillRecord(false, startedAt.plusSeconds(60), 0, 0, null, "checksum mismatch");
        };
        return new StoredBackup(key, 1, metadata(startedAt), record);
    }

    static BackupMetadata metadata(Instant start) {
        return new BackupMetadata("shop", "shop", null, "run", null, "SCHEDULE", 1, "00", "k", "15.14", start,
                start.plusSeconds(5), 1, 1);
    }
}

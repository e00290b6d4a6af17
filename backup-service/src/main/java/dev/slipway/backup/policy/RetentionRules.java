package dev.slipway.backup.policy;

import java.util.Map;

/**
 * The {@link RetentionRule} of each policy: its age limit ({@code retentionDays}) from the policy itself, the counts
 * (last, daily, weekly) from the policy's own settings where it has them (static policies) or else from the
 * service-wide defaults. An application's {@code slipway.yaml} carries only {@code retentionDays}.
 */
public final class RetentionRules {

    /** Counts of backups kept besides those within the age limit. */
    public record Counts(int keepLast, int keepDaily, int keepWeekly) {
        public Counts {
            if (keepLast < 0 || keepDaily < 0 || keepWeekly < 0) {
                throw new IllegalArgumentException("retention counts must not be negative: last " + keepLast
                        + ", daily " + keepDaily + ", weekly " + keepWeekly);
            }
        }
    }

    private final Counts defaults;
    private final Map<String, Counts> staticCounts;

    /**
     * @param defaults counts for every policy without its own
     * @param staticCounts counts of static policies, by policy name
     */
    public RetentionRules(Counts defaults, Map<String, Counts> staticCounts) {
        this.defaults = defaults;
        this.staticCounts = Map.copyOf(staticCounts);
    }

    /** Age alone decides, for every policy. */
    public static RetentionRules ageOnly() {
        return new RetentionRules(new Counts(0, 0, 0), Map.of());
    }

    public RetentionRule of(BackupPolicy policy) {
        Counts counts = policy.source() == BackupPolicy.Source.STATIC
                ? staticCounts.getOrDefault(policy.app(), defaults)
                : defaults;
        return new RetentionRule(policy.database().retentionDays(), counts.keepLast(), counts.keepDaily(),
                counts.keepWeekly());
    }
}

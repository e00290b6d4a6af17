package dev.slipway.e2e.chaos;

import java.time.Duration;
import java.util.Locale;

/**
 * How much chaos a run of the suite makes. The short size fits in CI's time next to the rest of the build; the full
 * size ({@code -Dslipway.chaos.size=full}, the {@code chaos} Maven profile) kills more often, with more applications,
 * and puts each canary kill point on a release of its own as well.
 *
 * @param name {@code short} or {@code full}
 * @param trivialApps applications besides the sample, each a plain rolling release through both environments
 * @param killsPerService how often each of the six services is killed with {@code SIGKILL}
 * @param brokerRestarts how often the Kafka broker is restarted
 * @param maxDown how many services may be down at once
 * @param shortestGap the shortest pause between two kills
 * @param longestGap the longest pause between two kills (seeded random in between)
 * @param canaryKillsOnOwnReleases whether each canary kill point also gets a release of its own
 * @param malformedPerTopic malformed records written to each input topic
 * @param settleDeadline how long after the chaos stops every run has to reach its outcome
 */
public record ChaosSize(String name, int trivialApps, int killsPerService, int brokerRestarts, int maxDown,
        Duration shortestGap, Duration longestGap, boolean canaryKillsOnOwnReleases, int malformedPerTopic,
        Duration settleDeadline) {

    public static final String PROPERTY = "slipway.chaos.size";
    public static final String SEED_PROPERTY = "slipway.chaos.seed";

    public static ChaosSize shortSize() {
        return new ChaosSize("short", 3, 3, 2, 2, Duration.ofSeconds(2), Duration.ofSeconds(5), false,
                100, Duration.ofMinutes(3));
    }

    public static ChaosSize fullSize() {
        return new ChaosSize("full", 5, 6, 2, 2, Duration.ofSeconds(3), Duration.ofSeconds(10), true,
                100, Duration.ofMinutes(5));
    }

    /** The size named by the system property {@value #PROPERTY} ({@code short} unless told). */
    public static ChaosSize fromSystemProperties() {
        String name = System.getProperty(PROPERTY, "short").strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "short", "" -> shortSize();
            case "full" -> fullSize();
            default -> throw new IllegalArgumentException(PROPERTY + " is short or full, not " + name);
        };
    }

    /** The seed named by {@value #SEED_PROPERTY}, or a fresh one. */
    public static long seedFromSystemProperties() {
        String seed = System.getProperty(SEED_PROPERTY, "").strip();
        return seed.isEmpty() ? System.nanoTime() ^ System.currentTimeMillis() : Long.parseLong(seed);
    }
}

package dev.slipway.chart.version;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The chart version of a commit: {@code 0.0.0-<first 12 hex digits of the sha>}, a SemVer pre-release of 0.0.0.
 *
 * <p>
 * The version must be a function of the commit alone, so a replayed {@code image-built} finds the chart it pushed
 * before, and every stage can compute it from the event. Nothing in the event orders commits (no commit time, no build
 * number), so the version does not pretend to: it sorts below every release, and deploy-service picks the chart by the
 * exact version it is told. Twelve hex digits is the short sha image tags use as well.
 *
 * <p>
 * SemVer forbids a numeric pre-release identifier with a leading zero, so a short sha made only of digits and
 * starting with {@code 0} (about one commit in 2,800) is written {@code 0.0.0-g<12 hex>}, the way {@code git describe}
 * marks a sha.
 */
public final class ChartVersion {

    /** Hex digits of the sha in the version. */
    public static final int SHORT_SHA_LENGTH = 12;

    private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,64}");
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(-((0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(\\.(0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                    + "(\\+([0-9a-zA-Z-]+(\\.[0-9a-zA-Z-]+)*))?");

    /**
     * The version of the chart for commit {@code sha}.
     *
     * @throws IllegalArgumentException when {@code sha} is not a hex commit id of at least 12 digits
     */
    public static String of(String sha) {
        if (sha == null) {
            throw new IllegalArgumentException("the commit has no sha");
        }
        String hex = sha.strip().toLowerCase(Locale.ROOT);
        if (!SHA.matcher(hex).matches() || hex.length() < SHORT_SHA_LENGTH) {
            throw new IllegalArgumentException("'" + sha + "' is not a commit sha (at least "
                    + SHORT_SHA_LENGTH + " hex digits)");
        }
        String shortSha = hex.substring(0, SHORT_SHA_LENGTH);
        boolean numericWithLeadingZero = shortSha.chars().allMatch(Character::isDigit) && shortSha.charAt(0) == '0';
        return "0.0.0-" + (numericWithLeadingZero ? "g" : "") + shortSha;
    }

    /** Whether {@code version} is a valid SemVer 2.0.0 version. */
    public static boolean isSemVer(String version) {
        return version != null && SEMVER.matcher(version).matches();
    }

    private ChartVersion() {
    }
}

package dev.slipway.secrets.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads rotation periods: {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s} or ISO-8601 ({@code P30D}). */
final class Periods {

    static final Duration MIN = Duration.ofSeconds(1);
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([dhms])");

    static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.strip();
        Duration period;
        Matcher matcher = SHORT.matcher(trimmed);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            period = switch (matcher.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            };
        } else {
            try {
                period = Duration.parse(trimmed);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("rotateEvery must read like 30d, 12h, 90m, 45s or P30D, got '"
                        + trimmed.replaceAll("[^\\x20-\\x7e]", "?") + "'");
            }
        }
        if (period.compareTo(MIN) < 0) {
            throw new IllegalArgumentException("rotateEvery must be at least one second");
        }
        return period;
    }

    private Periods() {
    }
}

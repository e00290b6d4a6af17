package dev.slipway.cli.output;

import java.time.Duration;
import java.time.Instant;

/** Durations and ages as people read them in a terminal: {@code 850ms}, {@code 4.2s}, {@code 3m05s}, {@code 2h}. */
public final class Times {

    private Times() {
    }

    /** A stage's duration: {@code 850ms}, {@code 4.2s}, {@code 3m05s}, {@code 1h02m}; null for null. */
    public static String duration(Long millis) {
        if (millis == null) {
            return null;
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            long tenths = Math.round(millis / 100.0);
            return tenths % 10 == 0 || millis >= 10_000
                    ? Math.round(millis / 1000.0) + "s"
                    : tenths / 10 + "." + tenths % 10 + "s";
        }
        long seconds = Math.round(millis / 1000.0);
        if (seconds < 3600) {
            return seconds / 60 + "m" + String.format("%02ds", seconds % 60);
        }
        long minutes = seconds / 60;
        return minutes / 60 + "h" + String.format("%02dm", minutes % 60);
    }

    /** How long ago {@code then} was, as {@code kubectl get} shows it: {@code 12s}, {@code 5m}, {@code 3h}, {@code 2d}. */
    public static String age(Instant then, Instant now) {
        if (then == null) {
            return null;
        }
        long seconds = Math.max(0, Duration.between(then, now).toSeconds());
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 2 * 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 2 * 86_400) {
            return seconds / 3600 + "h";
        }
        return seconds / 86_400 + "d";
    }
}

package dev.slipway.e2e.bench;

import java.util.Arrays;
import java.util.Collection;

/** Nearest-rank percentiles of a set of measurements. */
public final class Percentiles {

    private final double[] sorted;

    public Percentiles(Collection<? extends Number> values) {
        this.sorted = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no measurements");
        }
    }

    /** The value at percentile {@code p} (0–100): the smallest value with at least p % of them at or below it. */
    public double at(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public double median() {
        return at(50);
    }

    public double max() {
        return sorted[sorted.length - 1];
    }

    public int count() {
        return sorted.length;
    }

    public double mean() {
        return Arrays.stream(sorted).average().orElse(0);
    }
}

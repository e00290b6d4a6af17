package dev.slipway.deploy.analysis;

import java.util.OptionalDouble;

import dev.slipway.contracts.spec.EnvironmentSpec.Metric;

/** Holds a measured value to a metric's bounds. No data is undecided, not a failure. */
public final class MetricCheck {

    private MetricCheck() {
    }

    /** The bounds for people: {@code <= 0.05}, {@code >= 0.9}, {@code >= 0.9 and <= 1.0}. */
    public static String threshold(Metric metric) {
        if (metric.min() != null && metric.max() != null) {
            return ">= " + metric.min() + " and <= " + metric.max();
        }
        if (metric.max() != null) {
            return "<= " + metric.max();
        }
        if (metric.min() != null) {
            return ">= " + metric.min();
        }
        return "any";
    }

    public static Check evaluate(Metric metric, OptionalDouble measured) {
        String threshold = threshold(metric);
        if (measured.isEmpty()) {
            return Check.inconclusive(metric.name(), null, threshold, "the query returned no data");
        }
        double value = measured.getAsDouble();
        if (Double.isNaN(value)) {
            return Check.inconclusive(metric.name(), null, threshold, "the query returned NaN (no traffic?)");
        }
        if (metric.max() != null && value > metric.max()) {
            return Check.fail(metric.name(), value, threshold, value + " is above " + metric.max());
        }
        if (metric.min() != null && value < metric.min()) {
            return Check.fail(metric.name(), value, threshold, value + " is below " + metric.min());
        }
        return Check.pass(metric.name(), value, threshold);
    }
}

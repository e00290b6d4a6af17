package dev.slipway.chart.source;

/** A chart that cannot be used as it is: a missing or malformed file, a failing lint, a failing render. */
public class InvalidChartException extends Exception {

    public InvalidChartException(String message) {
        super(message);
    }

    public InvalidChartException(String message, Throwable cause) {
        super(message, cause);
    }
}

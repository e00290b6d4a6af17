package dev.slipway.chart.source;

/** The application's repository could not be reached or read; trying again later may work. */
public class SourceUnavailableException extends Exception {

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.slipway.chart.registry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The registry did not answer, or did not take or give a chart. */
public class RegistryException extends Exception {

    private static final Pattern STATUS = Pattern.compile("(?:status code|answered) (\\d{3})\\b");

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The HTTP status the registry answered with, read from the message; 0 when it did not answer. */
    public int status() {
        Matcher matcher = STATUS.matcher(String.valueOf(getMessage()));
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    /**
     * Whether the registry answered and refused (401, 403, 405, 413, ...): trying again will not help until someone
     * changes the registry or its credentials. Time-outs and rate limits (408, 429) and server errors are not refusals.
     */
    public boolean refused() {
        int status = status();
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }
}

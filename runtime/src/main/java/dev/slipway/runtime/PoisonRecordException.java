package dev.slipway.runtime;

/**
 * A record that cannot be read as the event its topic carries. It goes to the topic's dead-letter topic (the handler
 * nacks it) and the partition moves on.
 */
public class PoisonRecordException extends RuntimeException {

    public PoisonRecordException(String message) {
        super(message);
    }

    public PoisonRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}

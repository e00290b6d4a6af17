package dev.slipway.runtime;

import java.util.List;

import dev.slipway.contracts.FailureReason;

/**
 * A stage could not do its work. The reason says whether trying again may help; the message and log tail go into
 * {@code stage-failed} and so must never hold a secret.
 */
public class StageException extends Exception {

    private final FailureReason reason;
    private final List<String> logTail;
    private final int attempts;

    public StageException(FailureReason reason, String message, List<String> logTail, int attempts, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.logTail = logTail == null ? List.of() : List.copyOf(logTail);
        this.attempts = attempts;
    }

    public static StageException of(FailureReason reason, String message) {
        return new StageException(reason, message, List.of(), 1, null);
    }

    public static StageException of(FailureReason reason, String message, Throwable cause) {
        return new StageException(reason, message, List.of(), 1, cause);
    }

    public StageException withLogTail(List<String> tail) {
        return new StageException(reason, getMessage(), tail, attempts, getCause());
    }

    public StageException withAttempts(int count) {
        return new StageException(reason, getMessage(), logTail, count, getCause());
    }

    public FailureReason reason() {
        return reason;
    }

    public boolean retriable() {
        return reason.retriable();
    }

    public List<String> logTail() {
        return logTail;
    }

    /** How many times the work was tried before giving up. */
    public int attempts() {
        return attempts;
    }
}

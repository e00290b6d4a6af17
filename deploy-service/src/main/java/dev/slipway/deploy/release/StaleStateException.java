package dev.slipway.deploy.release;

/**
 * The state object changed since it was read: another instance (or another thread) wrote it. The reader must reload
 * before acting again.
 */
public class StaleStateException extends RuntimeException {

    public StaleStateException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.slipway.gateway.support;

/** A request the API refuses, with the HTTP status and a sentence that says why. */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}

package dev.slipway.gateway.webhook;

/** A webhook body that is not JSON, or a push that lacks what a run needs. Answered with 400. */
public class InvalidPayloadException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidPayloadException(String message) {
        super(message);
    }
}

package dev.slipway.gateway.webhook;

/**
 * How a webhook is answered.
 *
 * @param status the HTTP status
 * @param outcome what happened
 * @param reason a short label of why ({@code bad-signature}, {@code branch-not-triggering}), also the metrics tag
 * @param message a sentence for the provider's delivery log
 * @param runId the run the push started (now or on its first delivery), or null
 */
public record WebhookResult(int status, Outcome outcome, String reason, String message, String runId) {

    public enum Outcome {
        /** A run started. */
        ACCEPTED,
        /** A redelivery of an accepted push: the first run's id, nothing emitted. */
        DUPLICATE,
        /** A provider's ping. */
        PONG,
        /** Verified, but starts no run. */
        IGNORED,
        /** Refused: bad signature, unknown repository, malformed body. */
        REJECTED
    }

    static WebhookResult rejected(int status, String reason, String message) {
        return new WebhookResult(status, Outcome.REJECTED, reason, message, null);
    }

    static WebhookResult ignored(String reason, String message) {
        return new WebhookResult(202, Outcome.IGNORED, reason, message, null);
    }
}

package dev.slipway.contracts.events;

import java.util.List;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Stage;

/**
 * A stage gave up on its input. Produced by every stage, consumed by gateway-service, where an SRE can replay the
 * input ({@code inputTopic}, {@code inputEventId}) once the cause is fixed.
 *
 * @param app the application
 * @param stage the stage that failed
 * @param environment the environment, for deploy and secrets stages, or null
 * @param reason the kind of failure
 * @param retriable whether replaying the same input may succeed
 * @param message what went wrong, for people (never a secret)
 * @param logTail the last lines of a failing command's output
 * @param inputTopic the topic of the input event
 * @param inputEventId the {@code ce_id} of the input event
 * @param attempts attempts made before giving up
 */
public record StageFailed(
        String app,
        Stage stage,
        String environment,
        FailureReason reason,
        boolean retriable,
        String message,
        List<String> logTail,
        String inputTopic,
        String inputEventId,
        int attempts) implements Event {

    public StageFailed {
        logTail = logTail == null ? List.of() : List.copyOf(logTail);
    }

    /** A failure whose retriable flag is the reason's. */
    public static StageFailed of(String app, Stage stage, String environment, FailureReason reason, String message,
            List<String> logTail, String inputTopic, String inputEventId, int attempts) {
        return new StageFailed(app, stage, environment, reason, reason.retriable(), message, logTail, inputTopic,
                inputEventId, attempts);
    }
}

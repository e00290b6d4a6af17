package dev.slipway.deploy.rollout;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether a Deployment's rollout is complete, read from its status subresource the way {@code kubectl rollout status}
 * reads it: the controller has observed the current generation, every replica is updated and available, no old
 * replica is left, and the progress deadline has not been exceeded.
 *
 * @param state the state
 * @param message a line for people
 */
public record RolloutStatus(State state, String message) {

    public enum State {
        COMPLETE, PROGRESSING, FAILED
    }

    /** The status of a Deployment given as JSON (as read from the API server); null means it does not exist. */
    public static RolloutStatus of(JsonNode deployment) {
        if (deployment == null || deployment.isNull() || deployment.isMissingNode()) {
            return new RolloutStatus(State.PROGRESSING, "the Deployment does not exist yet");
        }
        String name = deployment.path("metadata").path("name").asText();
        long generation = deployment.path("metadata").path("generation").asLong(0);
        JsonNode status = deployment.path("status");
        long observed = status.path("observedGeneration").asLong(0);
        if (observed < generation) {
            return new RolloutStatus(State.PROGRESSING, name + ": waiting for generation " + generation
                    + " to be observed");
        }
        for (JsonNode condition : status.path("conditions")) {
            if ("Progressing".equals(condition.path("type").asText())
                    && "ProgressDeadlineExceeded".equals(condition.path("reason").asText())) {
                return new RolloutStatus(State.FAILED, name + ": progress deadline exceeded ("
                        + condition.path("message").asText() + ")");
            }
        }
        long wanted = deployment.path("spec").path("replicas").asLong(1);
        long updated = status.path("updatedReplicas").asLong(0);
        long replicas = status.path("replicas").asLong(0);
        long available = status.path("availableReplicas").asLong(0);
        if (updated < wanted) {
            return new RolloutStatus(State.PROGRESSING, name + ": " + updated + " of " + wanted
                    + " replicas updated");
        }
        if (replicas > updated) {
            return new RolloutStatus(State.PROGRESSING, name + ": " + (replicas - updated)
                    + " old replica(s) pending termination");
        }
        if (available < updated) {
            return new RolloutStatus(State.PROGRESSING, name + ": " + available + " of " + updated
                    + " updated replicas available");
        }
        return new RolloutStatus(State.COMPLETE, name + ": " + available + " of " + wanted
                + " replicas updated and available");
    }

    public boolean complete() {
        return state == State.COMPLETE;
    }

    public boolean failed() {
        return state == State.FAILED;
    }
}

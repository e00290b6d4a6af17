package dev.slipway.deploy.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.contracts.Json;
import dev.slipway.deploy.rollout.RolloutStatus.State;

class RolloutStatusTest {

    private static JsonNode deployment(long generation, String status) {
        try {
            return Json.MAPPER.readTree("""
                    {"metadata":{"name":"shop","generation":%d},"spec":{"replicas":3},"status":%s}
                    """.formatted(generation, status));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void completeWhenTheGenerationIsObservedAndEveryReplicaUpdatedAndAvailable() {
        RolloutStatus status = RolloutStatus.of(deployment(4, """
                {"observedGeneration":4,"replicas":3,"updatedReplicas":3,"availableReplicas":3}"""));

        assertThat(status.state()).isEqualTo(State.COMPLETE);
    }

    @Test
    void progressingUntilTheControllerObservesTheNewGeneration() {
        RolloutStatus status = RolloutStatus.of(deployment(5, """
                {"observedGeneration":4,"replicas":3,"updatedReplicas":3,"availableReplicas":3}"""));

        assertThat(status.state()).isEqualTo(State.PROGRESSING);
        assertThat(status.message()).contains("generation 5");
    }

    @Test
    void progressingWhileReplicasAreNotUpdated() {
        assertThat(RolloutStatus.of(deployment(4, """
                {"observedGeneration":4,"replicas":3,"updatedReplicas":1,"availableReplicas":3}""")).message())
                .contains("1 of 3 replicas updated");
    }

    @Test
    void progressingWhileOldReplicasAreStillTerminating() {
        assertThat(RolloutStatus.of(deployment(4, """
                {"observedGeneration":4,"replicas":4,"updatedReplicas":3,"availableReplicas":3}""")).message())
                .contains("1 old replica(s) pending termination");
    }

    @Test
    void progressingWhileUpdatedReplicasAreNotAvailable() {
        assertThat(RolloutStatus.of(deployment(4, """
                {"observedGeneration":4,"replicas":3,"updatedReplicas":3,"availableReplicas":2}""")).state())
                .isEqualTo(State.PROGRESSING);
    }

    @Test
    void failedWhenTheProgressDeadlineIsExceeded() {
        RolloutStatus status = RolloutStatus.of(deployment(4, """
                {"observedGeneration":4,"replicas":3,"updatedReplicas":3,"availableReplicas":0,
                 "conditions":[{"type":"Progressing","status":"False","reason":"ProgressDeadlineExceeded",
                                "message":"ReplicaSet shop-7f9 has timed out progressing."}]}"""));

        assertThat(status.failed()).isTrue();
        assertThat(status.message()).contains("timed out progressing");
    }

    @Test
    void aMissingDeploymentIsNotComplete() {
        assertThat(RolloutStatus.of(null).complete()).isFalse();
    }
}

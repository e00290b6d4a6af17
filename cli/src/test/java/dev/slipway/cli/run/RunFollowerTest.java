package dev.slipway.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.Json;
import dev.slipway.contracts.events.DeployProgressed;
import dev.slipway.contracts.events.DeployProgressed.CanaryProgress;
import dev.slipway.contracts.fixtures.SampleEvents;

class RunFollowerTest {

    /** An event as {@code GET /api/events/stream} sends it. */
    private static JsonNode live(String type, Object payload) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("id", "e-1").put("type", type).put("subject", "hello").put("runId", "run-1");
        event.set("data", Json.MAPPER.valueToTree(payload));
        return event;
    }

    @Test
    void keepsTheLatestCanaryStepOfEachEnvironmentUntilTheDeploymentEnds() {
        Map<String, CanaryProgress> canaries = new HashMap<>();

        RunFollower.track(live(EventTypes.DEPLOY_PROGRESSED, SampleEvents.deployProgressed()), canaries);

        assertThat(canaries).containsOnlyKeys("production");
        assertThat(canaries.get("production").weight()).isEqualTo(25);
        assertThat(canaries.get("production").step()).isEqualTo(2);

        RunFollower.track(live(EventTypes.DEPLOY_PROGRESSED, SampleEvents.deployPlanned()), canaries);
        assertThat(canaries).as("a plan for staging leaves production's canary").containsOnlyKeys("production");

        RunFollower.track(live(EventTypes.DEPLOYED, SampleEvents.deployed()), canaries);
        assertThat(canaries).isEmpty();
    }

    @Test
    void forgetsTheCanaryWhenItIsPromotedOrRolledBack() {
        Map<String, CanaryProgress> canaries = new HashMap<>();
        RunFollower.track(live(EventTypes.DEPLOY_PROGRESSED, SampleEvents.deployProgressed()), canaries);

        RunFollower.track(live(EventTypes.DEPLOY_PROGRESSED, new DeployProgressed("hello", "production",
                "hello-prod", "hello", DeployProgressed.Phase.PROMOTED, "promoted", List.of(), null)), canaries);

        assertThat(canaries).isEmpty();
    }

    @Test
    void ignoresEventsItCannotRead() {
        Map<String, CanaryProgress> canaries = new HashMap<>();
        ObjectNode odd = Json.MAPPER.createObjectNode().put("type", EventTypes.DEPLOY_PROGRESSED);
        odd.putObject("data").put("environment", "production").put("canary", "not an object");

        RunFollower.track(odd, canaries);
        RunFollower.track(Json.MAPPER.createObjectNode(), canaries);

        assertThat(canaries).isEmpty();
    }
}

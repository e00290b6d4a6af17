package dev.slipway.gateway.subscription;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.contracts.EventKind;
import dev.slipway.contracts.Json;
import dev.slipway.gateway.timeline.StoredEvent;

/**
 * Which events a subscription wants. Each list narrows the match; an empty list accepts anything.
 *
 * @param apps application names
 * @param environments environments, for events that name one
 * @param eventTypes CloudEvent types ({@code dev.slipway.deployed.v1})
 * @param outcomes outcomes ({@code SUCCEEDED}, {@code ROLLED_BACK}, {@code FAILED}), for events that have one; a
 *        {@code stage-failed} event's outcome is {@code FAILED}
 */
public record SubscriptionFilter(List<String> apps, List<String> environments, List<String> eventTypes,
        List<String> outcomes) {

    public SubscriptionFilter {
        apps = List.copyOf(apps);
        environments = List.copyOf(environments);
        eventTypes = List.copyOf(eventTypes);
        outcomes = List.copyOf(outcomes);
    }

    public boolean matches(StoredEvent event) {
        if (!apps.isEmpty() && !apps.contains(event.app())) {
            return false;
        }
        if (!eventTypes.isEmpty() && !eventTypes.contains(event.type())) {
            return false;
        }
        if (environments.isEmpty() && outcomes.isEmpty()) {
            return true;
        }
        JsonNode data = tree(event);
        String environment = data.path("environment").asText(null);
        if (!environments.isEmpty() && (environment == null || !environments.contains(environment))) {
            return false;
        }
        String outcome = outcome(event, data);
        return outcomes.isEmpty() || outcome != null && outcomes.contains(outcome);
    }

    private static String outcome(StoredEvent event, JsonNode data) {
        if (EventKind.STAGE_FAILED.type().equals(event.type())) {
            return "FAILED";
        }
        return data.path("outcome").asText(null);
    }

    private static JsonNode tree(StoredEvent event) {
        try {
            return Json.MAPPER.readTree(event.payload());
        } catch (java.io.IOException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }
}

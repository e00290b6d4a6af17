package dev.slipway.gateway.subscription;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.slipway.contracts.Json;
import dev.slipway.contracts.cloudevents.CeHeaders;
import dev.slipway.gateway.timeline.StoredEvent;

/** A stored event in the CloudEvents 1.0 structured JSON format, as subscribers receive it. */
public final class CloudEventJson {

    public static final String CONTENT_TYPE = "application/cloudevents+json";

    public static byte[] structured(StoredEvent event) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("specversion", CeHeaders.SPEC_VERSION_1_0);
        node.put("id", event.eventId());
        node.put("source", event.source() == null ? "/slipway" : event.source());
        node.put("type", event.type());
        node.put("subject", event.app());
        node.put("time", event.time().toString());
        node.put("datacontenttype", "application/json");
        node.put(CeHeaders.Extensions.RUN_ID, event.runId());
        if (event.causationId() != null) {
            node.put(CeHeaders.Extensions.CAUSATION_ID, event.causationId());
        }
        if (event.replayOf() != null) {
            node.put(CeHeaders.Extensions.REPLAY_OF, event.replayOf());
        }
        try {
            node.set("data", Json.MAPPER.readTree(event.payload()));
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException("stored event " + event.eventId() + " is not JSON", e);
        }
    }

    private CloudEventJson() {
    }
}

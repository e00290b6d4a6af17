package dev.slipway.gateway.api;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestStreamElementType;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;

import dev.slipway.auth.Role;
import dev.slipway.contracts.Json;
import dev.slipway.gateway.subscription.EventListeners;
import dev.slipway.gateway.subscription.SubscriptionFilter;
import dev.slipway.gateway.subscription.SubscriptionRequest;
import dev.slipway.gateway.support.ApiException;
import dev.slipway.gateway.timeline.StoredEvent;

/**
 * {@code GET /api/events/stream?app=&types=}: live events as server-sent events, as they arrive from Kafka. A reader
 * that cannot keep up misses events rather than holding up the gateway; the timeline has them all.
 */
@Path("/api/events/stream")
public class EventStreamResource {

    @Inject
    EventListeners listeners;

    /** One streamed event. */
    public record LiveEvent(String id, String type, String subject, String runId, String causationId,
            String replayOf, Instant time, JsonNode data) {

        static LiveEvent of(StoredEvent event) {
            JsonNode data;
            try {
                data = Json.MAPPER.readTree(event.payload());
            } catch (java.io.IOException e) {
                data = null;
            }
            return new LiveEvent(event.eventId(), event.type(), event.app(), event.runId(), event.causationId(),
                    event.replayOf(), event.time(), data);
        }
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.VIEWER_NAME)
    public Multi<LiveEvent> stream(@QueryParam("app") String app, @QueryParam("types") String types) {
        List<String> typeList = types == null || types.isBlank()
                ? List.of()
                : Arrays.stream(types.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        SubscriptionRequest request = new SubscriptionRequest("stream", "http://stream", "-",
                app == null || app.isBlank() ? List.of() : List.of(app.trim()), List.of(), typeList, List.of());
        if (!request.problems().isEmpty()) {
            throw new ApiException(400, String.join("; ", request.problems()));
        }
        SubscriptionFilter filter = request.checked().filter();
        return Multi.createFrom().<LiveEvent>emitter(emitter -> {
            Consumer<StoredEvent> listener = event -> {
                if (filter.matches(event)) {
                    emitter.emit(LiveEvent.of(event));
                }
            };
            listeners.add(listener);
            emitter.onTermination(() -> listeners.remove(listener));
        }, BackPressureStrategy.DROP);
    }
}

package dev.slipway.gateway.timeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.slipway.contracts.EventKind;
import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.contracts.events.Event;

/** Builds the events of one run, one second apart, each caused by the one before. */
final class RunEvents {

    private final String runId;
    private final List<StoredEvent> events = new ArrayList<>();
    private Instant clock = Instant.parse("2026-11-23T10:00:00Z");

    RunEvents(String runId) {
        this.runId = runId;
    }

    StoredEvent add(Event payload) {
        return add(payload, null);
    }

    StoredEvent add(Event payload, String replayOf) {
        String id = EventKind.of(payload.getClass()).topic() + "-" + events.size();
        String causation = events.isEmpty() ? null : events.get(events.size() - 1).eventId();
        StoredEvent event = StoredEvent.of(payload, "test", new RunContext(runId, causation, replayOf), id, clock);
        clock = clock.plusSeconds(1);
        events.add(event);
        return event;
    }

    List<StoredEvent> events() {
        return List.copyOf(events);
    }

    RunView view() {
        return RunTimeline.derive(runId, events);
    }
}

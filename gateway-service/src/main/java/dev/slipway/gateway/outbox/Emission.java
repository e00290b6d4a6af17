package dev.slipway.gateway.outbox;

import java.sql.Connection;
import java.sql.SQLException;

import dev.slipway.gateway.timeline.EventStore;
import dev.slipway.gateway.timeline.StoredEvent;

/**
 * How the gateway emits an event: into its own timeline and into the outbox, in the caller's transaction. The run
 * shows the event at once; Kafka gets it when the relay next runs, even if the broker is down now.
 */
public final class Emission {

    private final EventStore events;
    private final OutboxStore outbox;

    public Emission(EventStore events, OutboxStore outbox) {
        this.events = events;
        this.outbox = outbox;
    }

    public void emit(Connection connection, StoredEvent event) throws SQLException {
        events.insert(connection, event);
        outbox.enqueue(connection, event);
    }
}

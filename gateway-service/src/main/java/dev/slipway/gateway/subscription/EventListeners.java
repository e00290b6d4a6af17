package dev.slipway.gateway.subscription;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import dev.slipway.gateway.timeline.StoredEvent;

/** Those who want each newly recorded event as it arrives: subscriptions out, the live stream. */
@ApplicationScoped
public class EventListeners {

    private final List<Consumer<StoredEvent>> listeners = new CopyOnWriteArrayList<>();

    public void add(Consumer<StoredEvent> listener) {
        listeners.add(listener);
    }

    public void remove(Consumer<StoredEvent> listener) {
        listeners.remove(listener);
    }

    /** Called once per event, when it is first stored. */
    public void recorded(StoredEvent event) {
        for (Consumer<StoredEvent> listener : listeners) {
            listener.accept(event);
        }
    }
}

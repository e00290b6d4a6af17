package dev.slipway.gateway.subscription;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import dev.slipway.gateway.support.Database;
import dev.slipway.gateway.timeline.EventStore;
import dev.slipway.gateway.timeline.StoredEvent;
import dev.slipway.runtime.RetryPolicy;

/**
 * Delivers the head of one subscription's queue: one HTTP attempt, then delivered, retried later with exponential
 * backoff, or given up after the last attempt so the queue moves on. Only the head is ever tried, so a subscriber
 * sees its events in order; each subscription has its own queue, so one that fails delays no other.
 */
public final class Dispatcher {

    /** What became of an attempt. */
    public enum Result {
        DELIVERED, RETRY, GAVE_UP, SKIPPED
    }

    private final Database database;
    private final SubscriptionStore store;
    private final EventStore events;
    private final WebhookSender sender;
    private final RetryPolicy policy;
    private final Clock clock;

    public Dispatcher(Database database, SubscriptionStore store, EventStore events, WebhookSender sender,
            RetryPolicy policy, Clock clock) {
        this.database = database;
        this.store = store;
        this.events = events;
        this.sender = sender;
        this.policy = policy;
        this.clock = clock;
    }

    public Result deliver(SubscriptionStore.Head head) {
        return database.inTransaction(connection -> {
            if (!store.tryLock(connection, head.subscriptionId())) {
                return Result.SKIPPED;
            }
            Optional<Map.Entry<String, Integer>> pending = store.pending(connection, head.deliveryId());
            Optional<Subscription> subscription = store.find(connection, head.subscriptionId());
            if (pending.isEmpty() || subscription.isEmpty()) {
                return Result.SKIPPED;
            }
            Optional<StoredEvent> event = events.find(connection, pending.get().getKey());
            int attempt = pending.get().getValue() + 1;
            Instant now = clock.instant();
            if (event.isEmpty()) {
                store.recordAttempt(connection, head.deliveryId(), attempt, now,
                        new WebhookSender.Attempt(null, "the event is no longer stored", 0),
                        SubscriptionStore.Status.FAILED, now);
                return Result.GAVE_UP;
            }
            WebhookSender.Attempt result = sender.send(subscription.get().url(), subscription.get().secret(),
                    Long.toString(head.deliveryId()), CloudEventJson.structured(event.get()));
            if (result.delivered()) {
                store.recordAttempt(connection, head.deliveryId(), attempt, now, result,
                        SubscriptionStore.Status.DELIVERED, now);
                return Result.DELIVERED;
            }
            if (attempt >= policy.maxAttempts()) {
                store.recordAttempt(connection, head.deliveryId(), attempt, now, result,
                        SubscriptionStore.Status.FAILED, now);
                return Result.GAVE_UP;
            }
            store.recordAttempt(connection, head.deliveryId(), attempt, now, result,
                    SubscriptionStore.Status.PENDING, clock.instant().plus(policy.backoff(attempt)));
            return Result.RETRY;
        });
    }
}

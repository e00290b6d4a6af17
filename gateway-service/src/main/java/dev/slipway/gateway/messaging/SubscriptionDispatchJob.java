package dev.slipway.gateway.messaging;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

import dev.slipway.gateway.subscription.Dispatcher;
import dev.slipway.gateway.subscription.EventListeners;
import dev.slipway.gateway.subscription.SubscriptionStore;

/**
 * Runs subscription deliveries: each subscription's next due delivery on a small pool, never two of one subscription
 * at once (so each sees its events in order), so a slow or failing subscriber holds up only its own queue.
 */
@ApplicationScoped
public class SubscriptionDispatchJob {

    private static final Logger LOG = Logger.getLogger(SubscriptionDispatchJob.class);
    private static final int SENDERS = 4;

    @Inject
    Dispatcher dispatcher;

    @Inject
    SubscriptionStore store;

    @Inject
    EventListeners listeners;

    @Inject
    MeterRegistry registry;

    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean requested = new AtomicBoolean();
    private ExecutorService scanner;
    private ExecutorService senders;

    @PostConstruct
    void start() {
        AtomicInteger threads = new AtomicInteger();
        scanner = Executors.newSingleThreadExecutor(r -> daemon(r, "subscription-scan"));
        senders = Executors.newFixedThreadPool(SENDERS,
                r -> daemon(r, "subscription-send-" + threads.incrementAndGet()));
        listeners.add(event -> wake());
    }

    @PreDestroy
    void stop() {
        scanner.shutdownNow();
        senders.shutdownNow();
    }

    /** Looks for due deliveries soon; calls while a look is pending are one look. */
    public void wake() {
        if (requested.compareAndSet(false, true)) {
            try {
                scanner.execute(this::scan);
            } catch (RejectedExecutionException e) {
                requested.set(false);
            }
        }
    }

    @Scheduled(every = "${slipway.gateway.subscriptions.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        wake();
    }

    private void scan() {
        requested.set(false);
        try {
            for (SubscriptionStore.Head head : store.dueHeads()) {
                if (inFlight.add(head.subscriptionId())) {
                    senders.execute(() -> deliver(head));
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Cannot look for subscription deliveries, will retry: %s", e.getMessage());
        }
    }

    private void deliver(SubscriptionStore.Head head) {
        Dispatcher.Result result = Dispatcher.Result.SKIPPED;
        try {
            result = dispatcher.deliver(head);
            registry.counter("slipway.gateway.subscription.deliveries", "result", result.name().toLowerCase())
                    .increment();
            if (result == Dispatcher.Result.GAVE_UP) {
                LOG.warnf("Gave up delivery %d of subscription %s", head.deliveryId(), head.subscriptionId());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Delivery %d of subscription %s failed, will retry: %s", head.deliveryId(),
                    head.subscriptionId(), e.getMessage());
        } finally {
            inFlight.remove(head.subscriptionId());
        }
        if (result == Dispatcher.Result.DELIVERED || result == Dispatcher.Result.GAVE_UP) {
            wake(); // the next one of this subscription may be due already
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}

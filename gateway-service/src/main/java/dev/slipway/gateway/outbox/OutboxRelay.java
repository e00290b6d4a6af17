package dev.slipway.gateway.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import dev.slipway.gateway.support.Database;
import dev.slipway.gateway.timeline.StoredEvent;

/**
 * Publishes the outbox, keeping each application's events on each topic in the order they were written. A batch of
 * rows goes out in waves: a wave holds at most one row per topic and application, all handed to the producer at once
 * (it sends them together), and its acknowledgements are awaited before the next wave; the acknowledged rows are
 * marked sent in one statement. Pushes of many applications therefore travel together, while two events of one
 * application are never in flight at once, so a refused event can never be overtaken by a later one. The first
 * failure ends the round; the failed row and everything not yet acknowledged wait for the next. One relay runs at a
 * time across all gateway instances (a PostgreSQL advisory lock).
 */
public final class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** Hands events to the broker. */
    @FunctionalInterface
    public interface Publisher {
        /**
         * Sends one event without waiting.
         *
         * @return completes once the broker acknowledged the event, exceptionally when it did not
         */
        CompletionStage<Void> publish(StoredEvent event);
    }

    private final Database database;
    private final OutboxStore store;
    private final Publisher publisher;
    private final int batchSize;
    private final Duration publishTimeout;

    /**
     * @param batchSize rows read per round trip to the database
     * @param publishTimeout how long one wave's acknowledgements are awaited before the round gives up
     */
    public OutboxRelay(Database database, OutboxStore store, Publisher publisher, int batchSize,
            Duration publishTimeout) {
        this.database = database;
        this.store = store;
        this.publisher = publisher;
        this.batchSize = batchSize;
        this.publishTimeout = publishTimeout;
    }

    /**
     * Publishes until the outbox is empty, a publish fails, or another relay holds the lock. A relay that dies
     * re-publishes at most the one wave in flight.
     *
     * @return how many events were published
     */
    public int drain() {
        return database.read(connection -> {
            if (!store.tryLock(connection)) {
                return 0;
            }
            try {
                int total = 0;
                while (true) {
                    List<OutboxStore.Pending> pending = store.pending(connection, batchSize);
                    for (List<OutboxStore.Pending> wave : waves(pending)) {
                        int sent = publishTogether(connection, wave);
                        total += sent;
                        if (sent < wave.size()) {
                            return total;
                        }
                    }
                    if (pending.size() < batchSize) {
                        return total;
                    }
                }
            } finally {
                store.unlock(connection);
            }
        });
    }

    /** The batch split so that the n-th wave holds the n-th row of each topic and application, in row order. */
    static List<List<OutboxStore.Pending>> waves(List<OutboxStore.Pending> batch) {
        Map<String, Integer> rowsSeen = new HashMap<>();
        List<List<OutboxStore.Pending>> waves = new ArrayList<>();
        for (OutboxStore.Pending row : batch) {
            int wave = rowsSeen.merge(row.event().topic() + '\u0000' + row.event().app(), 1, Integer::sum) - 1;
            if (wave == waves.size()) {
                waves.add(new ArrayList<>());
            }
            waves.get(wave).add(row);
        }
        return waves;
    }

    /** Publishes the rows of one wave at once and marks those acknowledged sent; returns how many were. */
    private int publishTogether(Connection connection, List<OutboxStore.Pending> wave) throws SQLException {
        List<CompletableFuture<Void>> acknowledgements = new ArrayList<>(wave.size());
        for (OutboxStore.Pending row : wave) {
            acknowledgements.add(send(row.event()));
        }
        long deadline = System.nanoTime() + publishTimeout.toNanos();
        List<Long> acknowledged = new ArrayList<>(wave.size());
        for (int i = 0; i < wave.size(); i++) {
            OutboxStore.Pending row = wave.get(i);
            try {
                acknowledgements.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(row.id());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                String error = cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
                store.markFailed(connection, row.id(), error);
                LOG.warnf("Cannot publish %s %s of run %s (attempt %d), will retry: %s", row.event().type(),
                        row.event().eventId(), row.event().runId(), row.attempts() + 1, error);
            }
        }
        store.markSent(connection, acknowledged);
        return acknowledged.size();
    }

    private CompletableFuture<Void> send(StoredEvent event) {
        try {
            return publisher.publish(event).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}

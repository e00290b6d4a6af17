package dev.slipway.gateway.outbox;

import java.util.List;

import org.jboss.logging.Logger;

import dev.slipway.gateway.support.Database;
import dev.slipway.gateway.timeline.StoredEvent;

/**
 * Publishes the outbox in order. A row is marked sent only after the broker acknowledged it; the first failure stops
 * the batch, so events of one application never overtake each other, and the next round starts again from that row.
 * One relay runs at a time across all gateway instances (a PostgreSQL advisory lock).
 */
public final class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** Sends one event and returns once the broker has acknowledged it; throws when it did not. */
    @FunctionalInterface
    public interface Publisher {
        void publish(StoredEvent event) throws Exception;
    }

    private final Database database;
    private final OutboxStore store;
    private final Publisher publisher;
    private final int batchSize;

    public OutboxRelay(Database database, OutboxStore store, Publisher publisher, int batchSize) {
        this.database = database;
        this.store = store;
        this.publisher = publisher;
        this.batchSize = batchSize;
    }

    /**
     * Publishes until the outbox is empty, a publish fails, or another relay holds the lock. Each row is marked sent
     * on its own as soon as the broker acknowledged it, so a relay that dies re-publishes at most the one event in
     * flight.
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
                    for (OutboxStore.Pending row : pending) {
                        try {
                            publisher.publish(row.event());
                        } catch (Exception e) {
                            String error = e.getClass().getSimpleName()
                                    + (e.getMessage() == null ? "" : ": " + e.getMessage());
                            store.markFailed(connection, row.id(), error);
                            LOG.warnf("Cannot publish %s %s of run %s (attempt %d), will retry: %s",
                                    row.event().type(), row.event().eventId(), row.event().runId(),
                                    row.attempts() + 1, error);
                            return total;
                        }
                        store.markSent(connection, row.id());
                        total++;
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
}

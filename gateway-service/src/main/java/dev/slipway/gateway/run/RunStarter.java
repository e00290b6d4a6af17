package dev.slipway.gateway.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.contracts.events.CommitPushed;
import dev.slipway.contracts.events.CommitRef;
import dev.slipway.gateway.outbox.Emission;
import dev.slipway.gateway.repository.RegisteredRepository;
import dev.slipway.gateway.support.Database;
import dev.slipway.gateway.support.Sql;
import dev.slipway.gateway.timeline.StoredEvent;
import dev.slipway.gateway.webhook.ParsedDelivery;
import dev.slipway.gateway.webhook.PushAcceptor;

/**
 * Starts runs: records the accepted delivery, the run's {@code commit-pushed} and its outbox row in one transaction,
 * so a push is never lost (the outbox outlives a broker outage) and never doubled (the delivery key is unique).
 */
public final class RunStarter implements PushAcceptor {

    private final Database database;
    private final Emission emission;
    private final String service;
    private final Clock clock;
    private final Supplier<String> ids;
    private final Runnable afterCommit;

    /**
     * @param ids new run and event ids
     * @param afterCommit called after a run was started, to wake the relay
     */
    public RunStarter(Database database, Emission emission, String service, Clock clock, Supplier<String> ids,
            Runnable afterCommit) {
        this.database = database;
        this.emission = emission;
        this.service = service;
        this.clock = clock;
        this.ids = ids;
        this.afterCommit = afterCommit;
    }

    @Override
    public Acceptance accept(DeliveryKey delivery, RegisteredRepository repository, ParsedDelivery.Push push) {
        Acceptance acceptance = database.inTransaction(connection -> {
            Instant now = clock.instant();
            String runId = ids.get();
            String eventId = ids.get();
            if (!recordDelivery(connection, delivery, repository.app(), runId, eventId, now)) {
                return new Acceptance(firstRun(connection, delivery), true);
            }
            CommitPushed event = new CommitPushed(repository.app(), commit(repository, push.branch(), push.after()),
                    push.before(), push.author(), push.message(), push.pushedAt() == null ? now : push.pushedAt(),
                    delivery.deliveryId());
            emission.emit(connection, StoredEvent.of(event, service, RunContext.start(runId), eventId, now));
            return new Acceptance(runId, false);
        });
        if (!acceptance.duplicate()) {
            afterCommit.run();
        }
        return acceptance;
    }

    /**
     * Starts a run by hand, for a registered repository, branch and commit.
     *
     * @param by who asked
     * @return the new run's id
     */
    public String startManually(RegisteredRepository repository, String branch, String sha, String by) {
        String runId = database.inTransaction(connection -> {
            Instant now = clock.instant();
            String id = ids.get();
            CommitPushed event = new CommitPushed(repository.app(), commit(repository, branch, sha), null, by,
                    "started by hand by " + by, now, "manual-" + id);
            emission.emit(connection, StoredEvent.of(event, service, RunContext.start(id), ids.get(), now));
            return id;
        });
        afterCommit.run();
        return runId;
    }

    private static CommitRef commit(RegisteredRepository repository, String branch, String sha) {
        // The registered clone URL, not the payload's: build-service fetches from a place an admin chose.
        return new CommitRef(repository.provider().id(), repository.fullName(), repository.cloneUrl(), branch, sha);
    }

    private static boolean recordDelivery(Connection connection, DeliveryKey delivery, String app, String runId,
            String eventId, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO gateway.webhook_deliveries "
                + "(provider, delivery_id, body_sha256, app, run_id, event_id, received_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, delivery.provider().id());
            insert.setString(2, delivery.deliveryId());
            insert.setString(3, delivery.bodySha256());
            insert.setString(4, app);
            insert.setString(5, runId);
            insert.setString(6, eventId);
            Sql.setInstant(insert, 7, now);
            return insert.executeUpdate() == 1;
        }
    }

    private static String firstRun(Connection connection, DeliveryKey delivery) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT run_id FROM gateway.webhook_deliveries "
                + "WHERE provider = ? AND delivery_id = ? AND body_sha256 = ?")) {
            select.setString(1, delivery.provider().id());
            select.setString(2, delivery.deliveryId());
            select.setString(3, delivery.bodySha256());
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("delivery vanished while being recorded");
                }
                return rows.getString(1);
            }
        }
    }
}

package dev.slipway.backup.messaging;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.slipway.backup.job.BackupCoordinator;
import dev.slipway.backup.policy.PolicyService;
import dev.slipway.backup.storage.StorageException;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.runtime.Events;
import dev.slipway.runtime.PoisonRecordException;
import dev.slipway.runtime.Received;
import dev.slipway.runtime.StageHandoff;

/** Learns each application's backup policy (database, schedule, retention) from its newest {@code chart-published}. */
@ApplicationScoped
public class ChartPublishedConsumer {

    private static final Logger LOG = Logger.getLogger(ChartPublishedConsumer.class);

    @Inject
    PolicyService policies;

    @Incoming(Topics.CHART_PUBLISHED)
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        Received<ChartPublished> received;
        try {
            received = Events.read(message, ChartPublished.class);
        } catch (PoisonRecordException e) {
            LOG.warnf("unreadable chart-published record sent to %s: %s", Topics.dlq(Topics.CHART_PUBLISHED),
                    e.getMessage());
            return message.nack(e);
        }
        StageHandoff.record(BackupCoordinator.SERVICE, received);
        try {
            policies.learn(received.payload());
        } catch (IllegalArgumentException e) {
            LOG.warnf("backup policy of %s ignored: %s", received.payload().app(), e.getMessage());
            return message.nack(e);
        } catch (StorageException e) {
            // The policy is in force in memory; the bucket learns it with the application's next chart.
            LOG.warnf("backup policy of %s not stored: %s", received.payload().app(), e.getMessage());
        }
        return message.ack();
    }
}

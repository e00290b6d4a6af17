package dev.slipway.backup.messaging;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import dev.slipway.backup.job.BackupCoordinator;
import dev.slipway.backup.job.BackupOrder;
import dev.slipway.backup.policy.Policies;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.BackupRequested;
import dev.slipway.runtime.Events;
import dev.slipway.runtime.PoisonRecordException;
import dev.slipway.runtime.Received;
import dev.slipway.runtime.StageHandoff;

/**
 * {@code backup-requested} in, {@code backup-done} (and {@code stage-failed} on failure) out, in the request's run
 * and caused by it. The request is acknowledged once the outcome is written, so a crash mid-backup redelivers it;
 * the redelivery finds a finished backup in the bucket instead of taking another.
 */
@ApplicationScoped
public class BackupRequestedConsumer {

    private static final Logger LOG = Logger.getLogger(BackupRequestedConsumer.class);

    @Inject
    BackupCoordinator coordinator;

    @Incoming(Topics.BACKUP_REQUESTED)
    public CompletionStage<Void> consume(Message<String> message) {
        Received<BackupRequested> received;
        BackupOrder order;
        try {
            received = Events.read(message, BackupRequested.class);
            order = Policies.fromRequest(received.payload(), received.context().runId(), received.eventId(),
                    received.context().replayOf());
        } catch (PoisonRecordException | IllegalArgumentException e) {
            LOG.warnf("unreadable backup-requested record sent to %s: %s", Topics.dlq(Topics.BACKUP_REQUESTED),
                    e.getMessage());
            return message.nack(e);
        }
        StageHandoff.record(BackupCoordinator.SERVICE, received);
        return coordinator.submit(order, received.answer(), received.eventId())
                .thenCompose(outcome -> message.ack())
                .exceptionallyCompose(e -> {
                    LOG.errorf(e, "outcome of backup-requested %s could not be written", received.eventId());
                    return message.nack(e);
                });
    }

}

package dev.slipway.deploy.messaging;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Stage;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.ApprovalGiven;
import dev.slipway.contracts.events.BackupDone;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.events.Event;
import dev.slipway.contracts.events.SecretsSynced;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.deploy.release.ReleaseEvents;
import dev.slipway.deploy.release.ReleaseIntake;
import dev.slipway.runtime.Events;
import dev.slipway.runtime.PoisonRecordException;
import dev.slipway.runtime.Received;
import dev.slipway.runtime.Retry;
import dev.slipway.runtime.RetryPolicy;
import dev.slipway.runtime.StageException;
import dev.slipway.runtime.StageHandoff;

/**
 * The Kafka edges in: each event is recorded in the cluster's release state and acknowledged; the release worker acts
 * on it. An unreadable record goes to the topic's dead-letter queue; a release that cannot be recorded becomes a
 * {@code stage-failed}.
 */
@ApplicationScoped
public class DeployConsumers {

    private static final Logger LOG = Logger.getLogger(DeployConsumers.class);

    @Inject
    ReleaseIntake intake;

    @Inject
    KafkaReleaseEvents events;

    @Inject
    ReleaseWorker worker;

    @Incoming(Topics.CHART_PUBLISHED)
    @Blocking
    public CompletionStage<Void> chartPublished(Message<String> message) {
        Received<ChartPublished> received;
        try {
            received = Events.read(message, ChartPublished.class);
        } catch (PoisonRecordException e) {
            LOG.warnf("Dead-lettering an unreadable chart-published record: %s", e.getMessage());
            return message.nack(e);
        }
        StageHandoff.record(ReleaseEvents.SERVICE, received);
        try {
            record(() -> intake.chartPublished(received));
            worker.wake();
        } catch (StageException e) {
            LOG.warnf("%s: chart-published %s failed: %s", received.payload().app(), received.eventId(),
                    e.getMessage());
            events.failed(received.answer(), StageFailed.of(received.payload().app(), Stage.DEPLOY, null,
                    e.reason(), e.getMessage(), e.logTail(), Topics.CHART_PUBLISHED, received.eventId(),
                    e.attempts()));
        }
        return message.ack();
    }

    @Incoming(Topics.APPROVAL_GIVEN)
    @Blocking
    public CompletionStage<Void> approvalGiven(Message<String> message) {
        return gate(message, ApprovalGiven.class, received -> intake.approvalGiven(received));
    }

    @Incoming(Topics.BACKUP_DONE)
    @Blocking
    public CompletionStage<Void> backupDone(Message<String> message) {
        return gate(message, BackupDone.class, received -> intake.backupDone(received));
    }

    @Incoming(Topics.SECRETS_SYNCED)
    @Blocking
    public CompletionStage<Void> secretsSynced(Message<String> message) {
        return gate(message, SecretsSynced.class, received -> intake.secretsSynced(received));
    }

    private interface Recording<T extends Event> {
        void record(Received<T> received) throws StageException;
    }

    private interface Work {
        void run() throws StageException;
    }

    private <T extends Event> CompletionStage<Void> gate(Message<String> message, Class<T> type,
            Recording<T> recording) {
        Received<T> received;
        try {
            received = Events.read(message, type);
        } catch (PoisonRecordException e) {
            LOG.warnf("Dead-lettering an unreadable %s record: %s", type.getSimpleName(), e.getMessage());
            return message.nack(e);
        }
        StageHandoff.record(ReleaseEvents.SERVICE, received);
        try {
            record(() -> recording.record(received));
            worker.wake();
        } catch (StageException e) {
            if (e.reason() == FailureReason.INVALID_INPUT) {
                return message.nack(e);
            }
            // The gate event is lost for now; the gate's timeout ends the release, and an SRE can replay it.
            LOG.errorf("%s: could not record %s %s: %s", received.payload().app(), type.getSimpleName(),
                    received.eventId(), e.getMessage());
        }
        return message.ack();
    }

    /** Writes to the cluster, retrying while the API server is unavailable. */
    private static void record(Work work) throws StageException {
        Retry.call(RetryPolicy.defaults(), () -> {
            try {
                work.run();
            } catch (KubernetesClientException e) {
                throw StageException.of(e.getCode() == 0 || e.getCode() >= 500
                        ? FailureReason.UNAVAILABLE
                        : FailureReason.INTERNAL, "cannot record the event in the cluster: " + e.getMessage(), e);
            }
            return null;
        });
    }

}

package dev.slipway.build.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.slipway.build.pipeline.BuildPipeline;
import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Stage;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.CommitPushed;
import dev.slipway.contracts.events.ImageBuilt;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.runtime.Events;
import dev.slipway.runtime.PoisonRecordException;
import dev.slipway.runtime.Received;
import dev.slipway.runtime.StageException;
import dev.slipway.runtime.StageHandoff;
import dev.slipway.runtime.StageMetrics;

/**
 * The Kafka edge: {@code commit-pushed} in, {@code image-built} or {@code stage-failed} out, answering in the same
 * run. A record that is not a readable {@code commit-pushed} is nacked to {@code commit-pushed.dlq}. Builds run on the
 * {@value #WORKERS} worker pool, as many at once as {@code slipway.build.concurrency} allows.
 */
@ApplicationScoped
public class CommitPushedHandler {

    public static final String SERVICE = "build-service";
    static final String WORKERS = "builds";

    private static final Logger LOG = Logger.getLogger(CommitPushedHandler.class);

    @Inject
    BuildPipeline pipeline;

    @Inject
    @Channel(Topics.IMAGE_BUILT)
    MutinyEmitter<String> imageBuilt;

    @Inject
    @Channel(Topics.STAGE_FAILED)
    MutinyEmitter<String> stageFailed;

    @Inject
    MeterRegistry meters;

    private StageMetrics metrics;

    StageMetrics metrics() {
        if (metrics == null) {
            metrics = new StageMetrics(meters, Stage.BUILD);
        }
        return metrics;
    }

    @Incoming(Topics.COMMIT_PUSHED)
    @Blocking(value = WORKERS, ordered = false)
    public CompletionStage<Void> consume(Message<String> message) {
        Received<CommitPushed> received;
        try {
            received = Events.read(message, CommitPushed.class);
        } catch (PoisonRecordException e) {
            LOG.warnf("Unreadable commit-pushed record sent to %s: %s", Topics.dlq(Topics.COMMIT_PUSHED),
                    e.getMessage());
            return message.nack(e);
        }
        StageHandoff.record(SERVICE, received);
        long started = System.nanoTime();
        CommitPushed event = received.payload();
        try {
            ImageBuilt built = pipeline.build(event);
            imageBuilt.sendMessageAndAwait(Events.answer(built, SERVICE, received.answer()));
            metrics().record("succeeded", Duration.ofNanos(System.nanoTime() - started));
        } catch (StageException e) {
            LOG.warnf("Build of %s %s failed (%s): %s", event.app(), sha(event), e.reason(), e.getMessage());
            fail(received, e.reason(), e.getMessage(), e.logTail(), e.attempts());
            metrics().record("failed", Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Build of %s %s failed unexpectedly", event.app(), sha(event));
            fail(received, FailureReason.INTERNAL, "build-service failed unexpectedly: "
                    + e.getClass().getSimpleName(), List.of(), 1);
            metrics().record("failed", Duration.ofNanos(System.nanoTime() - started));
        }
        return message.ack();
    }

    private void fail(Received<CommitPushed> received, FailureReason reason, String message, List<String> logTail,
            int attempts) {
        StageFailed failed = StageFailed.of(received.payload().app(), Stage.BUILD, null, reason, message, logTail,
                Topics.COMMIT_PUSHED, received.eventId(), attempts);
        stageFailed.sendMessageAndAwait(Events.answer(failed, SERVICE, received.answer()));
    }

    private static String sha(CommitPushed event) {
        return event.commit() == null ? "(no commit)" : event.commit().sha();
    }
}

package dev.slipway.chart.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;

import dev.slipway.chart.config.ChartConfig;
import dev.slipway.chart.publish.ChartPublisher;
import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Stage;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.Event;
import dev.slipway.contracts.events.ImageBuilt;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.runtime.Events;
import dev.slipway.runtime.PoisonRecordException;
import dev.slipway.runtime.Received;
import dev.slipway.runtime.RetryPolicy;
import dev.slipway.runtime.StageException;
import dev.slipway.runtime.StageHandoff;
import dev.slipway.runtime.StageMetrics;

/**
 * The Kafka edge of the chart stage: {@code image-built} in, {@code chart-published} or {@code stage-failed} out. The
 * input is acknowledged only once its answer is on the broker; an unreadable record is nacked into
 * {@code image-built.dlq}.
 */
@ApplicationScoped
public class ImageBuiltConsumer {

    public static final String SERVICE = "chart-service";

    private static final Logger LOG = Logger.getLogger(ImageBuiltConsumer.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final ChartPublisher publisher;
    private final StageMetrics metrics;
    private final Emitter<String> published;
    private final Emitter<String> failed;

    @Inject
    public ImageBuiltConsumer(ChartConfig config, MeterRegistry registry,
            @Channel(Topics.CHART_PUBLISHED) Emitter<String> published,
            @Channel(Topics.STAGE_FAILED) Emitter<String> failed) {
        this.publisher = new ChartPublisher(new ChartPublisher.Settings(config.registry(), config.repositoryPath(),
                config.plainHttp(), config.workDir(), config.helmTimeout(), config.gitTimeout(),
                new RetryPolicy(config.retry().maxAttempts(), config.retry().initialBackoff(),
                        config.retry().maxBackoff())));
        this.metrics = new StageMetrics(registry, Stage.CHART);
        this.published = published;
        this.failed = failed;
    }

    @Incoming(Topics.IMAGE_BUILT)
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        Received<ImageBuilt> received;
        try {
            received = Events.read(message, ImageBuilt.class);
        } catch (PoisonRecordException e) {
            LOG.warnf("unreadable %s record sent to %s: %s", Topics.IMAGE_BUILT, Topics.dlq(Topics.IMAGE_BUILT),
                    e.getMessage());
            return message.nack(e);
        }
        StageHandoff.record(SERVICE, received);
        long start = System.nanoTime();
        ImageBuilt built = received.payload();
        Event answer;
        Emitter<String> channel;
        String outcome;
        try {
            ChartPublisher.Publication publication = publisher.publish(built);
            answer = publication.event();
            channel = published;
            outcome = publication.pushed() ? "published" : "republished";
        } catch (StageException e) {
            LOG.warnf("chart of %s %s failed (%s after %d attempt(s)): %s", built.app(), sha(built), e.reason(),
                    e.attempts(), e.getMessage());
            answer = StageFailed.of(built.app(), Stage.CHART, null, e.reason(), e.getMessage(), e.logTail(),
                    Topics.IMAGE_BUILT, received.eventId(), e.attempts());
            channel = failed;
            outcome = "failed";
        } catch (RuntimeException e) {
            LOG.errorf(e, "chart of %s %s failed unexpectedly", built.app(), sha(built));
            answer = StageFailed.of(built.app(), Stage.CHART, null, FailureReason.INTERNAL,
                    e.getClass().getSimpleName() + ": " + e.getMessage(), List.of(), Topics.IMAGE_BUILT,
                    received.eventId(), 1);
            channel = failed;
            outcome = "failed";
        }
        try {
            send(channel, Events.answer(answer, SERVICE, received.answer()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot emit the answer to %s; the input goes to the dead-letter topic", received.eventId());
            return message.nack(e);
        }
        metrics.record(outcome, Duration.ofNanos(System.nanoTime() - start));
        return message.ack();
    }

    /** Sends and waits for the broker's acknowledgement, so the input is committed only after its answer. */
    private static void send(Emitter<String> emitter, Message<String> out) {
        try {
            Events.send(emitter, out).toCompletableFuture().get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused the record: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not acknowledge within " + SEND_TIMEOUT.toSeconds()
                    + " s", e);
        }
    }

    private static String sha(ImageBuilt built) {
        return built.commit() == null ? "(no commit)" : built.commit().shortSha();
    }
}

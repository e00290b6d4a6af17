package dev.slipway.secrets.messaging;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Stage;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.contracts.spec.EnvironmentSpec;
import dev.slipway.runtime.Events;
import dev.slipway.runtime.PoisonRecordException;
import dev.slipway.runtime.Received;
import dev.slipway.runtime.StageHandoff;
import dev.slipway.runtime.StageMetrics;
import dev.slipway.secrets.store.SecretRef;
import dev.slipway.secrets.store.SecretStore;
import dev.slipway.secrets.store.StoreUnavailableException;
import dev.slipway.secrets.store.TargetStore;
import dev.slipway.secrets.sync.SyncOutcome;
import dev.slipway.secrets.sync.Synchronizer;

/**
 * Learns an application's environments and namespaces from the spec in {@code chart-published}, then syncs its Secret
 * into each, answering with {@code secrets-synced} per environment (or {@code stage-failed}).
 */
@ApplicationScoped
public class ChartPublishedConsumer {

    private static final Logger LOG = Logger.getLogger(ChartPublishedConsumer.class);

    private final TargetStore targets;
    private final Synchronizer synchronizer;
    private final SyncedEmitter emitter;
    private final StageMetrics metrics;

    public ChartPublishedConsumer(TargetStore targets, Synchronizer synchronizer, SyncedEmitter emitter,
            MeterRegistry registry) {
        this.targets = targets;
        this.synchronizer = synchronizer;
        this.emitter = emitter;
        this.metrics = new StageMetrics(registry, Stage.SECRETS);
    }

    @Incoming(Topics.CHART_PUBLISHED)
    @Blocking
    public CompletionStage<Void> onChartPublished(Message<String> message) {
        long started = System.nanoTime();
        Received<ChartPublished> received;
        try {
            received = Events.read(message, ChartPublished.class);
        } catch (PoisonRecordException e) {
            LOG.warnf("Unreadable chart-published record, sent to the dead-letter topic: %s", e.getMessage());
            return message.nack(e);
        }
        StageHandoff.record(SyncedEmitter.SERVICE, received);
        ChartPublished event = received.payload();
        String app = event.app();
        Map<String, String> namespaces;
        try {
            namespaces = namespaces(event);
        } catch (IllegalArgumentException e) {
            fail(received, null, FailureReason.INVALID_INPUT, e.getMessage(), 1);
            metrics.record("failed", Duration.ofNanos(System.nanoTime() - started));
            return message.ack();
        }
        try {
            targets.learn(app, namespaces);
        } catch (StoreUnavailableException e) {
            fail(received, null, FailureReason.UNAVAILABLE, e.getMessage(), 1);
            metrics.record("failed", Duration.ofNanos(System.nanoTime() - started));
            return message.ack();
        }
        List<SyncOutcome> outcomes = synchronizer.syncAll(app, received.answer(), SecretStore.SERVICE_ACTOR);
        boolean allSynced = true;
        for (SyncOutcome outcome : outcomes) {
            if (outcome.status() == SyncOutcome.Status.FAILED) {
                allSynced = false;
                fail(received, outcome.environment(), outcome.reason(), outcome.detail(), outcome.attempts());
            }
        }
        metrics.record(allSynced ? "synced" : "failed", Duration.ofNanos(System.nanoTime() - started));
        return message.ack();
    }

    /** Environment name to namespace, in the spec's order. */
    static Map<String, String> namespaces(ChartPublished event) {
        if (event.spec() == null) {
            throw new IllegalArgumentException("chart-published for " + event.app() + " carries no pipeline spec");
        }
        Map<String, String> namespaces = new LinkedHashMap<>();
        for (EnvironmentSpec environment : event.spec().environments()) {
            SecretRef.requireLabel("environment", environment.name());
            SecretRef.requireLabel("namespace", environment.namespace());
            namespaces.put(environment.name(), environment.namespace());
        }
        return namespaces;
    }

    private void fail(Received<ChartPublished> received, String environment, FailureReason reason, String message,
            int attempts) {
        LOG.warnf("Secrets of %s%s not synced: %s", received.payload().app(),
                environment == null ? "" : "/" + environment, message);
        emitter.failed(StageFailed.of(received.payload().app(), Stage.SECRETS, environment, reason, message,
                List.of(), Topics.CHART_PUBLISHED, received.eventId(), Math.max(1, attempts)), received.answer());
    }
}

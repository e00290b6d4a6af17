package dev.slipway.deploy.messaging;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import io.micrometer.core.instrument.MeterRegistry;

import dev.slipway.contracts.Stage;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.contracts.events.BackupRequested;
import dev.slipway.contracts.events.DeployProgressed;
import dev.slipway.contracts.events.Deployed;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.deploy.release.ReleaseEvents;
import dev.slipway.runtime.Events;
import dev.slipway.runtime.StageMetrics;

/** The release engine's events, to Kafka; each outcome also feeds the stage metrics. */
@ApplicationScoped
public class KafkaReleaseEvents implements ReleaseEvents {

    @Inject
    @Channel(Topics.DEPLOY_PROGRESSED)
    Emitter<String> progressed;

    @Inject
    @Channel(Topics.DEPLOYED)
    Emitter<String> deployed;

    @Inject
    @Channel(Topics.STAGE_FAILED)
    Emitter<String> failed;

    @Inject
    @Channel(Topics.BACKUP_REQUESTED)
    Emitter<String> backups;

    private final StageMetrics metrics;

    @Inject
    public KafkaReleaseEvents(MeterRegistry registry) {
        this.metrics = new StageMetrics(registry, Stage.DEPLOY);
    }

    @Override
    public void progressed(RunContext context, DeployProgressed event) {
        progressed.send(Events.message(event, SERVICE, context));
    }

    @Override
    public CompletionStage<Void> deployed(RunContext context, Deployed event) {
        CompletionStage<Void> acknowledged = Events.send(deployed,
                Events.answer(event, SERVICE, context, event.environment(), String.valueOf(event.revision())));
        if (event.startedAt() != null && event.finishedAt() != null) {
            metrics.record(event.outcome().name().toLowerCase(java.util.Locale.ROOT),
                    Duration.between(event.startedAt(), event.finishedAt()));
        }
        return acknowledged;
    }

    @Override
    public void failed(RunContext context, StageFailed event) {
        failed.send(Events.answer(event, SERVICE, context, event.environment()));
    }

    @Override
    public void backupRequested(RunContext context, BackupRequested event) {
        backups.send(Events.message(event, SERVICE, context));
    }
}

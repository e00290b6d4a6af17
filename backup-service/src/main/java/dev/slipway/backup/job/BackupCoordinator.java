package dev.slipway.backup.job;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;

import dev.slipway.backup.config.BackupConfig;
import dev.slipway.contracts.Stage;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.contracts.events.BackupDone;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.runtime.Events;
import dev.slipway.runtime.StageMetrics;

/**
 * Runs backups on a small pool of their own (a dump can take hours; it must not hold a Kafka or HTTP thread), one at a
 * time per database, and announces each outcome: {@code backup-done} always, {@code stage-failed} too when a
 * {@code backup-requested} event failed.
 */
@ApplicationScoped
public class BackupCoordinator {

    public static final String SERVICE = "backup-service";

    private static final Logger LOG = Logger.getLogger(BackupCoordinator.class);

    private final BackupJob job;
    private final Emitter<String> done;
    private final Emitter<String> failed;
    private final BackupMetrics metrics;
    private final StageMetrics stageMetrics;
    private final ExecutorService executor;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    @Inject
    public BackupCoordinator(BackupJob job, @Channel(Topics.BACKUP_DONE) Emitter<String> done,
            @Channel(Topics.STAGE_FAILED) Emitter<String> failed, BackupMetrics metrics, MeterRegistry registry,
            BackupConfig config) {
        this.job = job;
        this.done = done;
        this.failed = failed;
        this.metrics = metrics;
        this.stageMetrics = new StageMetrics(registry, Stage.BACKUP);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(Math.max(1, config.concurrency()), r -> {
            Thread thread = new Thread(r, "slipway-backup-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Takes the backup and emits its outcome in the run {@code context}.
     *
     * @param inputEventId the {@code backup-requested} event being answered, or null for a schedule or the API
     * @return completes once the outcome is written to Kafka
     */
    public CompletionStage<JobOutcome> submit(BackupOrder order, RunContext context, String inputEventId) {
        return CompletableFuture.supplyAsync(() -> runExclusively(order), executor)
                .thenCompose(outcome -> announce(outcome, context, inputEventId).thenApply(ignored -> outcome));
    }

    private JobOutcome runExclusively(BackupOrder order) {
        long start = System.nanoTime();
        Object lock = locks.computeIfAbsent(order.app() + "/" + order.database().name(), id -> new Object());
        JobOutcome outcome;
        synchronized (lock) {
            outcome = job.run(order);
        }
        BackupDone result = outcome.done();
        stageMetrics.record(outcome.succeeded() ? "succeeded" : "failed", Duration.ofNanos(System.nanoTime() - start));
        if (outcome.succeeded()) {
            metrics.succeeded(result.app(), result.database(), result.finishedAt(), result.verification() != null);
            LOG.infof("backup of %s/%s (%s, run %s) %s: %s", order.app(), result.database(), order.trigger(),
                    order.run(), outcome.repeated() ? "already taken" : "succeeded", result.object().key());
        } else {
            LOG.warnf("backup of %s/%s (%s, run %s) failed: %s", order.app(), result.database(), order.trigger(),
                    order.run(), outcome.failure().describe());
        }
        return outcome;
    }

    private CompletionStage<Void> announce(JobOutcome outcome, RunContext context, String inputEventId) {
        CompletionStage<Void> sent = Events.send(done,
                Events.answer(outcome.done(), SERVICE, context, outcome.done().environment()));
        if (outcome.succeeded() || inputEventId == null) {
            return sent;
        }
        var failure = outcome.failure();
        StageFailed stageFailed = StageFailed.of(outcome.done().app(), Stage.BACKUP, outcome.done().environment(),
                failure.problem().reason(), failure.describe(), failure.logTail(), Topics.BACKUP_REQUESTED,
                inputEventId, 1);
        return sent.thenCompose(
                ignored -> Events.send(failed,
                        Events.answer(stageFailed, SERVICE, context, stageFailed.environment())));
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.slipway.backup.policy;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

import dev.slipway.backup.config.BackupConfig;
import dev.slipway.backup.job.BackupCoordinator;
import dev.slipway.backup.job.JobOutcome;
import dev.slipway.backup.secret.PasswordRef;
import dev.slipway.backup.storage.BackupBucket;
import dev.slipway.backup.storage.StorageException;
import dev.slipway.contracts.SecretValue;
import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.contracts.events.BackupDone;
import dev.slipway.contracts.events.BackupRequested.Trigger;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.spec.DatabaseSpec;

/**
 * Keeps the policies (static ones from configuration, application ones from {@code chart-published}, remembered in
 * the bucket), starts scheduled backups when their cron fires and deletes what retention lets go.
 */
@ApplicationScoped
public class PolicyService {

    private static final Logger LOG = Logger.getLogger(PolicyService.class);

    private final PolicyRegistry registry;
    private final PolicyStore store;
    private final RetentionSweep sweep;
    private final BackupBucket bucket;
    private final BackupCoordinator coordinator;
    private final BackupConfig config;
    private final Clock clock;
    /** Newest backup start per policy, read from the bucket once and then kept current. */
    private final Map<String, Instant> lastBackup = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastAttemptedFire = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    @Inject
    public PolicyService(PolicyRegistry registry, PolicyStore store, RetentionSweep sweep, BackupBucket bucket,
            BackupCoordinator coordinator, BackupConfig config, Clock clock) {
        this.registry = registry;
        this.store = store;
        this.sweep = sweep;
        this.bucket = bucket;
        this.coordinator = coordinator;
        this.config = config;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        config.staticDatabases().forEach((name, db) -> {
            DatabaseSpec spec = new DatabaseSpec(db.host(), db.port(), db.name(), db.user(), null,
                    db.schedule().orElse(null), db.retentionDays(), db.verify(), db.probeQuery().orElse(null));
            if (spec.schedule() != null) {
                CronSchedule.parse(spec.schedule());
            }
            registry.put(new BackupPolicy(name, null, spec, BackupPolicy.Source.STATIC));
        });
        loadStored();
    }

    /** Learns (or forgets) an application's policy from its newest published chart. */
    public void learn(ChartPublished chart) throws StorageException {
        BackupPolicy policy = Policies.fromChart(chart);
        if (policy == null) {
            if (!registry.forApp(chart.app()).isEmpty()) {
                registry.removeApp(chart.app());
                store.delete(chart.app());
            }
            return;
        }
        if (policy.database().schedule() != null) {
            CronSchedule.parse(policy.database().schedule());
        }
        if (registry.put(policy)) {
            store.save(policy);
        } else {
            LOG.warnf("application %s names database %s, which a static policy owns; ignored", chart.app(),
                    policy.id());
        }
    }

    public Optional<BackupPolicy> find(String app, String database) {
        loadStored();
        return registry.find(app, database);
    }

    /** Starts a backup of {@code policy} in run {@code run}. */
    public CompletionStage<JobOutcome> backUp(BackupPolicy policy, Trigger trigger, String run) {
        var order = Policies.order(policy, passwordOf(policy), trigger, null, run);
        return coordinator.submit(order, RunContext.start(run), null).thenApply(outcome -> {
            remember(policy, outcome.done());
            return outcome;
        });
    }

    @Scheduled(identity = "backup-schedule", every = "${slipway.backup.schedule.tick}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        runDue(clock.instant());
    }

    /** Starts the backup of every policy whose schedule fired since its last backup; returns the runs started. */
    public List<String> runDue(Instant now) {
        loadStored();
        return registry.all().stream()
                .filter(policy -> policy.database().schedule() != null)
                .flatMap(policy -> due(policy, now).stream().map(fire -> {
                    String run = "schedule-" + policy.app() + "-" + policy.database().name() + "-"
                            + fire.getEpochSecond();
                    lastAttemptedFire.put(policy.id(), fire);
                    backUp(policy, Trigger.SCHEDULE, run);
                    return run;
                }))
                .toList();
    }

    @Scheduled(identity = "backup-retention", every = "${slipway.backup.retention.interval}", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retention() {
        sweepAll(clock.instant());
    }

    /** Where the password of {@code policy}'s database is. */
    public PasswordRef passwordOf(BackupPolicy policy) {
        return Policies.password(policy, staticPassword(policy));
    }

    /** Applies retention to every policy; returns the keys deleted. */
    public List<String> sweepAll(Instant now) {
        loadStored();
        try {
            List<String> aborted = bucket.abortFailedUploads();
            if (!aborted.isEmpty()) {
                LOG.infof("aborted %d upload(s) a storage outage had left: %s", aborted.size(), aborted);
            }
        } catch (StorageException e) {
            LOG.warnf("uploads left by a storage outage not aborted yet: %s", e.getMessage());
        }
        return registry.all().stream().flatMap(policy -> {
            try {
                List<String> deleted = sweep.sweep(policy, now);
                if (!deleted.isEmpty()) {
                    LOG.infof("retention deleted %d object(s) of %s", deleted.size(), policy.id());
                }
                return deleted.stream();
            } catch (StorageException e) {
                LOG.warnf("retention of %s skipped: %s", policy.id(), e.getMessage());
                return java.util.stream.Stream.empty();
            }
        }).toList();
    }

    private Optional<Instant> due(BackupPolicy policy, Instant now) {
        CronSchedule schedule;
        try {
            schedule = CronSchedule.parse(policy.database().schedule());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Instant last;
        try {
            last = lastBackupStart(policy);
        } catch (StorageException e) {
            LOG.warnf("schedule of %s not checked: %s", policy.id(), e.getMessage());
            return Optional.empty();
        }
        return ScheduleDecision.due(schedule, now, last, lastAttemptedFire.get(policy.id()),
                config.schedule().catchUp());
    }

    private Instant lastBackupStart(BackupPolicy policy) throws StorageException {
        Instant known = lastBackup.get(policy.id());
        if (known != null) {
            return known;
        }
        Optional<Instant> newest = bucket.list(bucket.keys().database(policy.app(), policy.database().name()))
                .stream().map(b -> b.metadata().startedAt()).max(Comparator.naturalOrder());
        newest.ifPresent(t -> lastBackup.put(policy.id(), t));
        return newest.orElse(null);
    }

    private void remember(BackupPolicy policy, BackupDone done) {
        if (done.outcome() == BackupDone.Outcome.SUCCEEDED && done.startedAt() != null) {
            lastBackup.merge(policy.id(), done.startedAt(), (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    private SecretValue staticPassword(BackupPolicy policy) {
        if (policy.source() != BackupPolicy.Source.STATIC) {
            return null;
        }
        return SecretValue.of(config.staticDatabases().get(policy.app()).password());
    }

    /** Reads the policies remembered in the bucket, once; retried on the next use while the bucket is down. */
    private void loadStored() {
        if (loaded) {
            return;
        }
        synchronized (this) {
            if (loaded) {
                return;
            }
            try {
                for (BackupPolicy policy : store.load()) {
                    // A chart published while the bucket was unreachable is newer than what the bucket remembers.
                    if (registry.forApp(policy.app()).isEmpty()) {
                        registry.put(policy);
                    }
                }
                loaded = true;
            } catch (StorageException e) {
                LOG.warnf("stored policies not read yet: %s", e.getMessage());
            }
        }
    }

}

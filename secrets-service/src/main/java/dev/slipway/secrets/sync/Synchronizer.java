package dev.slipway.secrets.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Secret;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.contracts.events.SecretsSynced;
import dev.slipway.runtime.Retry;
import dev.slipway.runtime.RetryPolicy;
import dev.slipway.runtime.StageException;
import dev.slipway.runtime.Timeouts;
import dev.slipway.secrets.crypto.CryptoException;
import dev.slipway.secrets.store.AuditAction;
import dev.slipway.secrets.store.AuditEntry;
import dev.slipway.secrets.store.AuditLog;
import dev.slipway.secrets.store.SecretStore;
import dev.slipway.secrets.store.Snapshot;
import dev.slipway.secrets.store.StoreUnavailableException;
import dev.slipway.secrets.store.Target;
import dev.slipway.secrets.store.TargetStore;

/**
 * Keeps each application's Secret in each of its namespaces holding exactly the stored values. Syncs of one
 * environment run one at a time, so an older snapshot never lands after a newer one.
 */
public class Synchronizer {

    private static final Logger LOG = Logger.getLogger(Synchronizer.class);

    private final SecretStore store;
    private final TargetStore targets;
    private final AuditLog audit;
    private final ClusterSecrets cluster;
    private final SyncListener listener;
    private final Clock clock;
    private final RetryPolicy retry;
    private final Duration timeout;
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    public Synchronizer(SecretStore store, TargetStore targets, AuditLog audit, ClusterSecrets cluster,
            SyncListener listener, Clock clock, RetryPolicy retry, Duration timeout) {
        this.store = store;
        this.targets = targets;
        this.audit = audit;
        this.cluster = cluster;
        this.listener = listener;
        this.clock = clock;
        this.retry = retry;
        this.timeout = timeout;
    }

    /** Applies the Secret of {@code app} in {@code environment}, if its namespace is known. */
    public SyncOutcome sync(String app, String environment, RunContext context, String actor) {
        Optional<Target> target = targets.target(app, environment);
        if (target.isEmpty()) {
            return SyncOutcome.noTarget(app, environment);
        }
        return run(target.get(), context, actor, false);
    }

    /** Applies the Secrets of every known environment of {@code app}. */
    public List<SyncOutcome> syncAll(String app, RunContext context, String actor) {
        List<SyncOutcome> outcomes = new ArrayList<>();
        for (Target target : targets.targets(app)) {
            outcomes.add(run(target, context, actor, false));
        }
        return outcomes;
    }

    /**
     * Compares the Secret of {@code target} with the stored values and applies it only when it differs, or when the
     * last sync did not reach it.
     */
    public SyncOutcome reconcile(Target target, RunContext context) {
        return run(target, context, SecretStore.SERVICE_ACTOR, true);
    }

    private SyncOutcome run(Target target, RunContext context, String actor, boolean onlyIfDrifted) {
        Object lock = locks.computeIfAbsent(target.app() + "/" + target.environment(), k -> new Object());
        synchronized (lock) {
            Snapshot snapshot;
            try {
                snapshot = store.snapshot(target.app(), target.environment());
            } catch (CryptoException e) {
                return failed(target, actor, FailureReason.INTERNAL, e.getMessage(), 1);
            } catch (StoreUnavailableException e) {
                return failed(target, actor, FailureReason.UNAVAILABLE, e.getMessage(), 1);
            }
            try {
                return apply(target, snapshot, context, actor, onlyIfDrifted);
            } catch (StageException e) {
                return failed(target, actor, e.reason(), e.getMessage(), e.attempts());
            } finally {
                snapshot.destroy();
            }
        }
    }

    private SyncOutcome apply(Target target, Snapshot snapshot, RunContext context, String actor,
            boolean onlyIfDrifted) throws StageException {
        String name = SecretManifest.secretName(target.app());
        String namespace = target.namespace();
        Secret current = call(() -> cluster.get(namespace, name));
        Drift drift = Drift.between(current, snapshot);
        String checksum = snapshot.checksum();
        if (onlyIfDrifted && drift.none() && checksum.equals(target.lastChecksum())) {
            return new SyncOutcome(target.app(), target.environment(), namespace, SyncOutcome.Status.UNCHANGED,
                    snapshot.versions(), checksum, null, null, 0);
        }
        call(() -> cluster.apply(SecretManifest.build(namespace, snapshot)));
        if (!drift.extra().isEmpty()) {
            call(() -> {
                cluster.removeKeys(namespace, name, drift.extra());
                return null;
            });
        }
        targets.synced(target, checksum);
        boolean repaired = onlyIfDrifted && !drift.none() && checksum.equals(target.lastChecksum());
        AuditAction action = repaired ? AuditAction.DRIFT_REPAIRED : AuditAction.SYNCED;
        String detail = "namespace " + namespace + ", " + checksum + (drift.none() ? "" : "; " + drift.describe());
        audit.record(new AuditEntry(clock.instant(), actor, action, target.app(), target.environment(), null, null,
                detail));
        if (repaired) {
            LOG.warnf("Secret %s/%s of %s/%s had drifted (%s); restored", namespace, name, target.app(),
                    target.environment(), drift.describe());
        } else {
            LOG.infof("Synced Secret %s/%s of %s/%s: %d keys, %s", namespace, name, target.app(),
                    target.environment(), snapshot.entries().size(), checksum);
        }
        SecretsSynced event = new SecretsSynced(target.app(), target.environment(), namespace, name,
                snapshot.versions(), checksum, clock.instant());
        listener.synced(event, context);
        return new SyncOutcome(target.app(), target.environment(), namespace,
                repaired ? SyncOutcome.Status.REPAIRED : SyncOutcome.Status.SYNCED, snapshot.versions(), checksum,
                drift.none() ? null : drift.describe(), null, 0);
    }

    private <T> T call(java.util.concurrent.Callable<T> work) throws StageException {
        return Retry.call(retry, () -> Timeouts.run(timeout, work));
    }

    private SyncOutcome failed(Target target, String actor, FailureReason reason, String message, int attempts) {
        LOG.warnf("Cannot sync the Secret of %s/%s into %s: %s", target.app(), target.environment(),
                target.namespace(), message);
        try {
            audit.record(new AuditEntry(clock.instant(), actor, AuditAction.SYNC_FAILED, target.app(),
                    target.environment(), null, null, "namespace " + target.namespace() + ": " + message));
        } catch (StoreUnavailableException e) {
            LOG.warnf("Cannot record the failed sync in the audit log: %s", e.getMessage());
        }
        return new SyncOutcome(target.app(), target.environment(), target.namespace(), SyncOutcome.Status.FAILED,
                List.of(), null, message, reason, attempts);
    }
}

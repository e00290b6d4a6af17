package dev.slipway.secrets.rotation;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.secrets.store.StoreUnavailableException;
import dev.slipway.secrets.store.Target;
import dev.slipway.secrets.store.TargetStore;
import dev.slipway.secrets.sync.SyncOutcome;
import dev.slipway.secrets.sync.Synchronizer;

/**
 * Periodically compares every Secret with the stored values: one edited or deleted by hand is restored and the drift
 * reported (audit log, a warning, a new {@code secrets-synced}); one a failed sync never reached is brought up to date.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    private final TargetStore targets;
    private final Synchronizer synchronizer;

    public Reconciler(TargetStore targets, Synchronizer synchronizer) {
        this.targets = targets;
        this.synchronizer = synchronizer;
    }

    @Scheduled(every = "${slipway.secrets.sync.reconcile-every}", delayed = "${slipway.secrets.sync.reconcile-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            reconcileAll(RunContext.start("secrets-reconcile-" + UUID.randomUUID()));
        } catch (StoreUnavailableException e) {
            LOG.warnf("Reconcile skipped: %s", e.getMessage());
        }
    }

    public List<SyncOutcome> reconcileAll(RunContext context) {
        List<SyncOutcome> outcomes = new ArrayList<>();
        for (Target target : targets.all()) {
            outcomes.add(synchronizer.reconcile(target, context));
        }
        return outcomes;
    }
}

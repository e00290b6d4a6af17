package dev.slipway.secrets.rotation;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.secrets.store.SecretRef;
import dev.slipway.secrets.store.SecretStore;
import dev.slipway.secrets.store.StoreUnavailableException;
import dev.slipway.secrets.sync.Synchronizer;

/**
 * Rotates generated secrets whose period has passed, then re-syncs each environment touched once. Several instances
 * may run this together: a rotation locks its row, and a secret rotated by another instance is no longer due.
 */
@ApplicationScoped
public class RotationScheduler {

    private static final Logger LOG = Logger.getLogger(RotationScheduler.class);

    private final SecretStore store;
    private final Synchronizer synchronizer;
    private final Clock clock;

    public RotationScheduler(SecretStore store, Synchronizer synchronizer, Clock clock) {
        this.store = store;
        this.synchronizer = synchronizer;
        this.clock = clock;
    }

    @Scheduled(every = "${slipway.secrets.rotation.check-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            rotateDue();
        } catch (StoreUnavailableException e) {
            LOG.warnf("Scheduled rotation skipped: %s", e.getMessage());
        }
    }

    /** @return the secrets rotated */
    public List<SecretRef> rotateDue() {
        java.time.Instant now = clock.instant();
        List<SecretRef> due = store.dueForRotation(now);
        Set<String> environments = new LinkedHashSet<>();
        List<SecretRef> rotated = new java.util.ArrayList<>();
        for (SecretRef ref : due) {
            try {
                store.rotateIfDue(ref, now, SecretStore.SERVICE_ACTOR).ifPresent(info -> {
                    LOG.infof("Rotated %s on schedule (version %d)", ref, info.version());
                    rotated.add(ref);
                    environments.add(ref.app() + "/" + ref.environment());
                });
            } catch (RuntimeException e) {
                LOG.warnf("Cannot rotate %s: %s", ref, e.getMessage());
            }
        }
        for (String environment : environments) {
            String[] parts = environment.split("/", 2);
            synchronizer.sync(parts[0], parts[1], RunContext.start("secrets-rotation-" + UUID.randomUUID()),
                    SecretStore.SERVICE_ACTOR);
        }
        return rotated;
    }
}

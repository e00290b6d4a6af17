package dev.slipway.deploy.release;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.slipway.deploy.plan.ObjectKey;

/**
 * Everything deploy-service knows about one application in one environment, stored in the cluster in the ConfigMap
 * {@code slipway-release-<app>} of the environment's namespace (see {@link ReleaseStore}). A restarted or replaced
 * instance resumes from it; its resource version keeps a stale instance from writing.
 *
 * <p>
 * A mutable document: the engine loads it, changes it, and writes it back under the resource version it read.
 */
public final class EnvironmentState {

    /** Outcomes, approvals and backups kept; older entries are dropped. */
    static final int HISTORY = 20;

    public String app;
    public String environment;
    public String namespace;
    /** The newest release asked of this environment that has not started here. */
    public ReleaseIntent pending;
    /** The release under way. */
    public ActiveRelease active;
    /** The release running, restored by a rollback. */
    public LiveRelease live;
    /** The objects Slipway applied last (the active release's, else the live one's): what pruning starts from. */
    public List<ObjectKey> applied = new ArrayList<>();
    /** The last revision number given out. */
    public int revisions;
    /** Recent outcomes, newest last. */
    public List<Finished> finished = new ArrayList<>();
    /**
     * The request event ids of finished releases whose {@code deployed} the broker has not confirmed yet: sent again
     * until it does, so that an instance dying right after a release ends loses no outcome.
     */
    public List<String> unannounced = new ArrayList<>();
    public List<GateEvents.Approval> approvals = new ArrayList<>();
    public List<GateEvents.Backup> backups = new ArrayList<>();
    /** The latest secrets-synced of this environment. */
    public GateEvents.Secrets secrets;
    /**
     * The instance acting on this environment, or the one that recorded its pending release, and until when it may
     * without renewing.
     */
    public String owner;
    public Instant leaseUntil;

    public EnvironmentState() {
    }

    public EnvironmentState(String app, String environment, String namespace) {
        this.app = app;
        this.environment = environment;
        this.namespace = namespace;
    }

    /** Whether an instance other than {@code instanceId} holds this environment at {@code now}. */
    public boolean heldElsewhere(String instanceId, Instant now) {
        return heldElsewhere(owner, leaseUntil, instanceId, now);
    }

    /**
     * Whether a lease of {@code owner} running until {@code leaseUntil} keeps {@code instanceId} off at {@code now}:
     * a lease no one holds, one's own and one that has lapsed do not.
     */
    static boolean heldElsewhere(String owner, Instant leaseUntil, String instanceId, Instant now) {
        return owner != null && !owner.equals(instanceId) && leaseUntil != null && !now.isAfter(leaseUntil);
    }

    /** The outcome of the release asked by event {@code eventId}, if it finished here. */
    public Optional<Finished> finishedFor(String eventId) {
        for (int i = finished.size() - 1; i >= 0; i--) {
            if (finished.get(i).eventId().equals(eventId)) {
                return Optional.of(finished.get(i));
            }
        }
        return Optional.empty();
    }

    public Optional<GateEvents.Approval> approvalFor(String runId) {
        for (int i = approvals.size() - 1; i >= 0; i--) {
            if (approvals.get(i).runId().equals(runId)) {
                return Optional.of(approvals.get(i));
            }
        }
        return Optional.empty();
    }

    public Optional<GateEvents.Backup> backupFor(String runId) {
        for (int i = backups.size() - 1; i >= 0; i--) {
            if (backups.get(i).runId().equals(runId)) {
                return Optional.of(backups.get(i));
            }
        }
        return Optional.empty();
    }

    /** Whether the release asked by {@code eventId} is known here: waiting, under way or finished. */
    public boolean knows(String eventId) {
        return (pending != null && pending.eventId().equals(eventId))
                || (active != null && active.intent().eventId().equals(eventId))
                || finishedFor(eventId).isPresent();
    }

    void addFinished(Finished outcome) {
        finished.add(outcome);
        trim(finished);
    }

    void addApproval(GateEvents.Approval approval) {
        approvals.add(approval);
        trim(approvals);
    }

    void addBackup(GateEvents.Backup backup) {
        backups.add(backup);
        trim(backups);
    }

    private static void trim(List<?> list) {
        while (list.size() > HISTORY) {
            list.remove(0);
        }
    }
}

package dev.slipway.deploy.release;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.events.ApprovalGiven;
import dev.slipway.contracts.events.BackupDone;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.events.Deployed;
import dev.slipway.contracts.events.SecretsSynced;
import dev.slipway.contracts.spec.EnvironmentSpec;
import dev.slipway.runtime.Received;
import dev.slipway.runtime.StageException;

/**
 * Records incoming events in the environments' state objects, so that the input can be acknowledged as soon as it is
 * durable in the cluster and the {@link ReleaseEngine} drives the release from there, never blocking the consumer.
 *
 * <p>
 * A {@code chart-published} becomes the pending release of every environment of its spec; a newer one replaces an
 * older pending one (latest wins), whose environments report it {@code SUPERSEDED}. A repeat of an event already
 * recorded changes nothing, and one already finished re-emits its outcome.
 *
 * <p>
 * The instance that records a release claims it (the lease of {@link EnvironmentState#owner}) unless another instance
 * holds the environment, so that with several instances each release is driven by the one whose partition brought it
 * rather than raced for by all; the claim lapses like any lease, and another instance then takes the release over.
 */
public final class ReleaseIntake {

    private static final Logger LOG = Logger.getLogger(ReleaseIntake.class);

    private final ReleaseStore store;
    private final ReleaseEvents events;
    private final Clock clock;
    private final String instanceId;
    private final Duration lease;

    /** An intake that claims nothing: any instance starts what it records. */
    public ReleaseIntake(ReleaseStore store, ReleaseEvents events, Clock clock) {
        this(store, events, clock, null, null);
    }

    /**
     * @param instanceId the name this instance's engine writes as owner
     * @param lease how long a claim holds the release for this instance
     */
    public ReleaseIntake(ReleaseStore store, ReleaseEvents events, Clock clock, String instanceId, Duration lease) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.instanceId = instanceId;
        this.lease = lease;
    }

    /**
     * Makes the release pending in every environment of its spec.
     *
     * @throws StageException INVALID_INPUT when the event cannot be released
     */
    public void chartPublished(Received<ChartPublished> received) throws StageException {
        ChartPublished release = received.payload();
        validate(release);
        Instant now = clock.instant();
        List<EnvironmentSpec> environments = release.spec().environments();
        for (int i = 0; i < environments.size(); i++) {
            EnvironmentSpec env = environments.get(i);
            EnvironmentSpec before = i == 0 ? null : environments.get(i - 1);
            ReleaseIntent intent = new ReleaseIntent(ReleaseIntent.Kind.RELEASE, received.eventId(),
                    received.context().runId(), release, now, i, before == null ? null : before.name(),
                    before == null ? null : before.namespace());
            List<ReleaseIntent> displaced = new ArrayList<>();
            List<Finished> repeated = new ArrayList<>();
            store.update(env.namespace(), release.app(), env.name(), st -> {
                displaced.clear();
                repeated.clear();
                Optional<Finished> finished = st.finishedFor(intent.eventId());
                if (finished.isPresent()) {
                    repeated.add(finished.get());
                    return false;
                }
                if (st.knows(intent.eventId())) {
                    return false;
                }
                if (st.pending != null) {
                    displaced.add(st.pending);
                }
                st.pending = intent;
                claim(st, now);
                return true;
            });
            for (Finished finished : repeated) {
                LOG.infof("%s: %s already ended %s in %s; re-emitting", release.app(), received.eventId(),
                        finished.deployed().outcome(), env.name());
                events.deployed(intent.answer(), finished.deployed());
            }
            for (ReleaseIntent older : displaced) {
                ChartPublished old = older.release();
                events.deployed(older.answer(), new Deployed(old.app(), env.name(), env.namespace(),
                        ReleaseEngine.releaseName(old.app(), env.name(), 0), Deployed.Outcome.SUPERSEDED,
                        old.commit(), old.image(), old.chart(), older.receivedAt(), now,
                        "superseded by run " + intent.runId() + " before it started", env.strategy(), 0, 0, null));
            }
        }
    }

    /** Takes the environment's lease for this instance unless another instance holds it. */
    private void claim(EnvironmentState st, Instant now) {
        if (instanceId == null) {
            return;
        }
        if (!st.heldElsewhere(instanceId, now)) {
            st.owner = instanceId;
            st.leaseUntil = now.plus(lease);
        }
    }

    /** Records an approval or rejection for its run and environment. */
    public void approvalGiven(Received<ApprovalGiven> received) {
        ApprovalGiven approval = received.payload();
        if (approval.environment() == null || approval.decision() == null) {
            LOG.warnf("Ignoring approval %s of %s without environment or decision", received.eventId(),
                    approval.app());
            return;
        }
        Optional<StoredState> found = store.find(approval.app(), approval.environment());
        if (found.isEmpty()) {
            LOG.warnf("Ignoring approval of %s in %s: no release there", approval.app(), approval.environment());
            return;
        }
        String runId = received.context().runId();
        store.update(found.get().state.namespace, approval.app(), approval.environment(), st -> {
            if (st.approvalFor(runId).isPresent()) {
                return false;
            }
            st.addApproval(new GateEvents.Approval(runId, approval.decision(), approval.by(), approval.reason()));
            return true;
        });
    }

    /** Records a pre-deploy backup's outcome for its run and environment. */
    public void backupDone(Received<BackupDone> received) {
        BackupDone backup = received.payload();
        if (backup.environment() == null || backup.outcome() == null) {
            return;
        }
        Optional<StoredState> found = store.find(backup.app(), backup.environment());
        if (found.isEmpty()) {
            return;
        }
        String runId = received.context().runId();
        String object = backup.object() == null ? null : backup.object().bucket() + "/" + backup.object().key();
        store.update(found.get().state.namespace, backup.app(), backup.environment(), st -> {
            if (st.backupFor(runId).isPresent()) {
                return false;
            }
            st.addBackup(new GateEvents.Backup(runId, backup.outcome(), object, backup.reason()));
            return true;
        });
    }

    /** Records the environment's latest synced secrets: names, versions' checksum, never values. */
    public void secretsSynced(Received<SecretsSynced> received) throws StageException {
        SecretsSynced synced = received.payload();
        if (synced.environment() == null || synced.namespace() == null) {
            throw StageException.of(FailureReason.INVALID_INPUT, "secrets-synced " + received.eventId()
                    + " names no environment or namespace");
        }
        Set<String> keys = new HashSet<>();
        synced.keys().forEach(k -> keys.add(k.key()));
        GateEvents.Secrets secrets = new GateEvents.Secrets(received.eventId(), received.context().runId(),
                synced.secretName(), List.copyOf(keys), synced.checksum());
        store.update(synced.namespace(), synced.app(), synced.environment(), st -> {
            if (st.secrets != null && received.eventId().equals(st.secrets.eventId())) {
                return false;
            }
            st.secrets = secrets;
            return true;
        });
    }

    static void validate(ChartPublished release) throws StageException {
        if (release.spec() == null) {
            throw invalid("carries no pipeline spec");
        }
        if (!release.app().equals(release.spec().app())) {
            throw invalid("is for " + release.app() + " but its spec names " + release.spec().app());
        }
        if (release.spec().environments().isEmpty()) {
            throw invalid("has no environments to deploy to");
        }
        if (release.image() == null || release.image().digest() == null || release.image().repository() == null) {
            throw invalid("names no image digest");
        }
        if (release.chart() == null || release.chart().repository() == null || release.chart().version() == null) {
            throw invalid("names no chart");
        }
        for (EnvironmentSpec env : release.spec().environments()) {
            if (env.namespace() == null || env.name() == null) {
                throw invalid("has an environment without name or namespace");
            }
            if (env.strategy() == EnvironmentSpec.Strategy.CANARY
                    && (env.canary() == null || env.canary().steps().isEmpty())) {
                throw invalid("asks for a canary in " + env.name() + " without steps");
            }
        }
    }

    private static StageException invalid(String what) {
        return StageException.of(FailureReason.INVALID_INPUT, "chart-published " + what);
    }
}

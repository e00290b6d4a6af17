package dev.slipway.deploy.release;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Stage;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.contracts.events.ApprovalGiven;
import dev.slipway.contracts.events.BackupDone;
import dev.slipway.contracts.events.BackupRequested;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.events.DeployProgressed;
import dev.slipway.contracts.events.DeployProgressed.CanaryProgress;
import dev.slipway.contracts.events.DeployProgressed.Phase;
import dev.slipway.contracts.events.Deployed;
import dev.slipway.contracts.events.Deployed.Outcome;
import dev.slipway.contracts.events.ImageRef;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.contracts.spec.ChartSpec;
import dev.slipway.contracts.spec.EnvironmentSpec;
import dev.slipway.contracts.spec.EnvironmentSpec.Strategy;
import dev.slipway.contracts.spec.EnvironmentSpec.Traffic;
import dev.slipway.deploy.analysis.AnalysisReport;
import dev.slipway.deploy.analysis.Analyzer;
import dev.slipway.deploy.apply.KubernetesCluster;
import dev.slipway.deploy.canary.CanaryDecision;
import dev.slipway.deploy.canary.CanaryMachine;
import dev.slipway.deploy.canary.CanaryPolicy;
import dev.slipway.deploy.canary.CanaryState;
import dev.slipway.deploy.canary.ReplicaSplit;
import dev.slipway.deploy.plan.ObjectKey;
import dev.slipway.deploy.plan.Plan;
import dev.slipway.deploy.plan.Planner;
import dev.slipway.deploy.render.ChartRenderer;
import dev.slipway.deploy.render.ObjectLabels;
import dev.slipway.deploy.render.ReleaseValues;
import dev.slipway.deploy.rollout.RolloutStatus;
import dev.slipway.runtime.StageException;
import dev.slipway.runtime.Timeouts;

/**
 * Drives every release in the cluster one step at a time from its stored state: gates, plan and apply, rollout, canary
 * steps with analysis, promotion, rollback. Each pass reads an application's state objects, takes the steps that are
 * due, and writes each state back under the resource version it read before emitting the step's events, so an
 * instance that lost the state to another never announces anything. Applications are stepped independently, several at
 * once on a pool ({@link #schedule()}), one pass at a time per application.
 *
 * <p>
 * What is kept in memory between passes only saves work: the broker's confirmations of sent outcomes (losing them
 * costs a resend of the same event), the newest versions of the state objects this instance wrote or read, and those
 * at which an application had nothing to do. A restarted or replacement instance continues exactly where the stored
 * state says.
 */
public final class ReleaseEngine {

    private static final Logger LOG = Logger.getLogger(ReleaseEngine.class);
    /** Steps one environment may take in a single tick before the next environment gets its turn. */
    private static final int STEPS_PER_TICK = 6;
    /** The longest wait between two looks at a rollout under way. */
    private static final Duration MOST_BETWEEN_ROLLOUT_LOOKS = Duration.ofSeconds(5);

    /** Outcomes sent and not answered yet, and those the broker confirmed, by namespace, app and request. */
    private final Set<String> announcing = ConcurrentHashMap.newKeySet();
    private final Set<String> announced = ConcurrentHashMap.newKeySet();
    /** Applications being stepped now; a pass over one never overlaps another over the same. */
    private final Set<String> stepping = ConcurrentHashMap.newKeySet();
    /**
     * By state object ({@code namespace/app}): the newest version this instance wrote or read from the server, until
     * the watched copy shows it.
     */
    private final Map<String, String> knownVersions = new ConcurrentHashMap<>();
    /** By state object: a version at which it had nothing to do, so that a pass skips it until it changes. */
    private final Map<String, String> idleVersions = new ConcurrentHashMap<>();
    /** By state object: a rollout seen under way, not looked at again before a time unless its state changes. */
    private final Map<String, RolloutLook> rolloutLooks = new ConcurrentHashMap<>();
    /** State objects with a release under way or an outcome to confirm: stepped before new releases. */
    private final Set<String> underWay = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();

    private final ReleaseStore store;
    private final KubernetesCluster cluster;
    private final ChartRenderer renderer;
    private final Analyzer analyzer;
    private final ReleaseEvents events;
    private final EngineSettings settings;
    private final Clock clock;
    private final Duration renderTimeout;
    private final Executor steps;

    /** An engine that steps one application after another on the thread that ticks. */
    public ReleaseEngine(ReleaseStore store, KubernetesCluster cluster, ChartRenderer renderer, Analyzer analyzer,
            ReleaseEvents events, EngineSettings settings, Clock clock, Duration renderTimeout) {
        this(store, cluster, renderer, analyzer, events, settings, clock, renderTimeout, Runnable::run);
    }

    /**
     * @param steps runs the passes over applications, several at once when it has several threads; with a
     *            {@link java.util.concurrent.PriorityBlockingQueue} it takes releases under way first
     */
    public ReleaseEngine(ReleaseStore store, KubernetesCluster cluster, ChartRenderer renderer, Analyzer analyzer,
            ReleaseEvents events, EngineSettings settings, Clock clock, Duration renderTimeout, Executor steps) {
        this.steps = steps;
        this.store = store;
        this.cluster = cluster;
        this.renderer = renderer;
        this.analyzer = analyzer;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.renderTimeout = renderTimeout;
    }

    /**
     * One pass over every release in the cluster, done when every application with something due has taken its
     * steps.
     */
    public void tick() {
        schedule().join();
    }

    /**
     * Hands every application with something due to the step executor, those with a release under way first, and
     * returns at once; the future completes when they are done. An application still being stepped from an earlier
     * pass is left to finish; one whose state objects each had nothing to do at the version seen now, or are held by
     * another instance whose lease runs, is skipped without reading them.
     */
    public CompletableFuture<Void> schedule() {
        Instant now = clock.instant();
        Map<String, List<ReleaseStore.StateRef>> byApp = store.refs().stream()
                .collect(Collectors.groupingBy(ReleaseStore.StateRef::app, LinkedHashMap::new, Collectors.toList()));
        List<CompletableFuture<Void>> passes = new ArrayList<>();
        for (Map.Entry<String, List<ReleaseStore.StateRef>> entry : byApp.entrySet()) {
            // A queued pass keeps its own application's name and refs, not the entry: an entry of a linked map
            // reaches every other entry of this tick's map, and hundreds of passes may wait in the queue.
            String app = entry.getKey();
            List<ReleaseStore.StateRef> refs = entry.getValue();
            if (refs.stream().allMatch(ref -> ref.resourceVersion().equals(idleVersions.get(ref.key()))
                    || ref.heldElsewhere(settings.instanceId(), now) || lookLater(ref, now))
                    || !stepping.add(app)) {
                continue;
            }
            CompletableFuture<Void> pass = new CompletableFuture<>();
            boolean releasing = refs.stream().anyMatch(ref -> underWay.contains(ref.key()));
            StepPass task = new StepPass(releasing ? 0 : 1, sequence.incrementAndGet(), () -> {
                try {
                    stepApp(refs);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Release steps of %s failed", app);
                } finally {
                    stepping.remove(app);
                    pass.complete(null);
                }
            });
            try {
                steps.execute(task);
            } catch (RejectedExecutionException e) {
                stepping.remove(app);
                pass.complete(null);
            }
            passes.add(pass);
        }
        return CompletableFuture.allOf(passes.toArray(CompletableFuture[]::new));
    }

    /**
     * A rollout seen under way at {@code version} of its state object: the next look is not due before {@code at}.
     */
    private record RolloutLook(String version, int revision, Instant at) {
    }

    /** Whether {@code ref} is a rollout seen under way at this very version, with its next look still ahead. */
    private boolean lookLater(ReleaseStore.StateRef ref, Instant now) {
        RolloutLook look = rolloutLooks.get(ref.key());
        return look != null && look.version().equals(ref.resourceVersion()) && now.isBefore(look.at());
    }

    /**
     * A pass over one application, ordered for a priority queue: releases under way before new ones, then first
     * come first served.
     */
    private record StepPass(int priority, long sequence, Runnable work) implements Runnable, Comparable<StepPass> {

        @Override
        public void run() {
            work.run();
        }

        @Override
        public int compareTo(StepPass other) {
            int byPriority = Integer.compare(priority, other.priority);
            return byPriority != 0 ? byPriority : Long.compare(sequence, other.sequence);
        }
    }

    /** Steps each environment of one application as far as it goes in this pass. */
    private void stepApp(List<ReleaseStore.StateRef> refs) {
        List<StoredState> states = new ArrayList<>();
        for (ReleaseStore.StateRef ref : refs) {
            current(ref).ifPresent(states::add);
        }
        Map<String, StoredState> byEnvironment = new LinkedHashMap<>();
        states.forEach(s -> byEnvironment.put(s.state.environment, s));
        for (StoredState initial : states) {
            StoredState current = initial;
            StoredState last = initial;
            for (int i = 0; i < STEPS_PER_TICK && current != null; i++) {
                try {
                    current = step(current, byEnvironment);
                } catch (StaleStateException e) {
                    LOG.infof("%s/%s changed under this instance; reloading next tick", initial.state.app,
                            initial.state.environment);
                    current = null;
                    last = null;
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Release step of %s in %s failed", initial.state.app,
                            initial.state.environment);
                    current = null;
                    last = null;
                }
                if (current != null) {
                    byEnvironment.put(current.state.environment, current);
                    last = current;
                }
            }
            if (last != null) {
                remember(last);
            }
        }
    }

    /**
     * The newest copy of the state {@code ref} points to, or a newer one this instance knows of: a watched copy may not
     * show this instance's last write yet, and stepping from the older state would repeat a step. When the copy and
     * the version known differ, the object is read from the API server; once the copy shows the version known, the
     * copy is trusted again, so that later writes of another instance cost no read.
     */
    private Optional<StoredState> current(ReleaseStore.StateRef ref) {
        Optional<StoredState> seen = store.latest(ref);
        String known = knownVersions.get(ref.key());
        if (known == null || seen.isEmpty()) {
            return seen;
        }
        if (known.equals(seen.get().resourceVersion())) {
            knownVersions.remove(ref.key(), known);
            return seen;
        }
        Optional<StoredState> loaded = store.load(ref.namespace(), ref.app());
        loaded.ifPresentOrElse(l -> knownVersions.put(ref.key(), l.resourceVersion()),
                () -> knownVersions.remove(ref.key()));
        return loaded;
    }

    /** Notes where a pass left an environment: under way, or with nothing to do until its state object changes. */
    private void remember(StoredState s) {
        String key = ReleaseStore.key(s.state.namespace, s.state.app);
        EnvironmentState st = s.state;
        boolean idle = st.active == null && st.pending == null && st.unannounced.isEmpty() && !rotationDue(st);
        if (idle && s.resourceVersion() != null) {
            idleVersions.put(key, s.resourceVersion());
        } else {
            idleVersions.remove(key);
        }
        if (st.active != null || !st.unannounced.isEmpty()) {
            underWay.add(key);
        } else {
            underWay.remove(key);
        }
    }

    /** Takes the next due step; returns the state as saved afterwards, or null when nothing was due. */
    private StoredState step(StoredState s, Map<String, StoredState> byEnvironment) {
        EnvironmentState st = s.state;
        Instant now = clock.instant();
        if (st.heldElsewhere(settings.instanceId(), now)) {
            return null;
        }
        StoredState confirmed = announceOutcomes(s);
        if (confirmed != null) {
            return confirmed;
        }
        if (st.active != null && st.pending != null) {
            return guarded(s, () -> supersede(s, now));
        }
        if (st.active == null) {
            if (st.pending == null) {
                return secretsRotation(s, now);
            }
            return start(s, byEnvironment, now);
        }
        ActiveRelease active = st.active;
        if (active.retryAt() != null && now.isBefore(active.retryAt())) {
            return null;
        }
        StoredState next = guarded(s, () -> switch (active.phase()) {
            case GATES -> gates(s, now);
            case APPLY -> apply(s, now);
            case ROLLOUT -> rollout(s, now, 0);
            case CANARY -> canary(s, now);
            case PROMOTING -> promoting(s, now);
        });
        if (next == null && owner(st) && st.leaseUntil != null
                && st.leaseUntil.isBefore(now.plus(settings.lease().dividedBy(2)))) {
            return save(s);
        }
        return next;
    }

    private interface StepWork {
        StoredState run() throws StageException;
    }

    /** Runs a step; a stage failure retries later when it may pass, else ends the release as failed. */
    private StoredState guarded(StoredState s, StepWork work) {
        try {
            return work.run();
        } catch (StageException e) {
            Instant now = clock.instant();
            ActiveRelease active = s.state.active;
            if (active == null) {
                throw new IllegalStateException(e);
            }
            if (e.retriable() && active.attempts() + 1 < settings.maxAttempts()) {
                LOG.warnf("%s/%s: %s (attempt %d of %d)", s.state.app, s.state.environment, e.getMessage(),
                        active.attempts() + 1, settings.maxAttempts());
                s.state.active = active.retryLater(now.plus(settings.retryBackoff()));
                return save(s);
            }
            return failStage(s, e.withAttempts(active.attempts() + 1), now);
        }
    }

    // ---- starting and superseding

    private StoredState start(StoredState s, Map<String, StoredState> byEnvironment, Instant now) {
        EnvironmentState st = s.state;
        ReleaseIntent intent = st.pending;
        if (intent.after() != null) {
            StoredState before = byEnvironment.get(intent.after());
            Finished outcome = before == null ? null : before.state.finishedFor(intent.eventId()).orElse(null);
            if (outcome == null) {
                return null;
            }
            if (outcome.deployed().outcome() != Outcome.SUCCEEDED) {
                LOG.infof("%s: not starting %s: it ended %s in %s", st.app, st.environment,
                        outcome.deployed().outcome(), intent.after());
                st.pending = null;
                return save(s);
            }
        }
        st.revisions++;
        st.active = ActiveRelease.start(intent, st.revisions, now);
        st.pending = null;
        StoredState saved = save(s);
        LOG.infof("%s: release %d of %s started (run %s)", st.app, st.revisions, st.environment, intent.runId());
        return saved;
    }

    private StoredState supersede(StoredState s, Instant now) throws StageException {
        EnvironmentState st = s.state;
        ActiveRelease older = st.active;
        String reason = "superseded by run " + st.pending.runId();
        boolean canaryRunning = older.phase() == ActiveRelease.Phase.CANARY
                || (older.phase() == ActiveRelease.Phase.PROMOTING && !older.promoted());
        if (canaryRunning && !s.liveObjects.isEmpty()) {
            progressed(s, Phase.ROLLING_BACK, "aborting the canary, traffic back to stable: " + reason, null);
            restoreLive(s);
        }
        return finish(s, Outcome.SUPERSEDED, reason, canaryStepsDone(older), now);
    }

    // ---- gates

    private StoredState gates(StoredState s, Instant now) throws StageException {
        EnvironmentState st = s.state;
        ActiveRelease active = st.active;
        ReleaseIntent intent = active.intent();
        EnvironmentSpec env = environment(s);
        boolean release = intent.kind() == ReleaseIntent.Kind.RELEASE;
        Gates gates = active.gates();

        if (release && env.approval() && !gates.approved()) {
            GateEvents.Approval approval = st.approvalFor(intent.runId()).orElse(null);
            if (approval != null) {
                if (approval.decision() == ApprovalGiven.Decision.REJECTED) {
                    return finish(s, Outcome.REJECTED, "rejected by " + approval.by()
                            + (approval.reason() == null ? "" : ": " + approval.reason()), 0, now);
                }
                st.active = active.withGates(gates.approve());
                StoredState saved = save(s);
                progressed(saved, Phase.WAITING, "approved by " + approval.by(), null);
                return saved;
            }
            if (gates.approvalRequestedAt() == null) {
                st.active = active.withGates(gates.approvalRequested(now));
                StoredState saved = save(s);
                progressed(saved, Phase.AWAITING_APPROVAL, "waiting for an SRE to approve run " + intent.runId()
                        + " in " + st.environment + " (times out after " + human(settings.approvalTimeout()) + ")",
                        null);
                return saved;
            }
            if (now.isAfter(gates.approvalRequestedAt().plus(settings.approvalTimeout()))) {
                return finish(s, Outcome.REJECTED, "no approval within " + human(settings.approvalTimeout()), 0, now);
            }
            return null;
        }

        if (release && env.backupBefore() && !gates.backedUp()) {
            if (intent.release().spec().database() == null) {
                return failStage(s, StageException.of(FailureReason.INVALID_INPUT,
                        "environment " + st.environment + " asks for a backup but the spec names no database"), now);
            }
            GateEvents.Backup backup = gates.backupRequestedAt() == null
                    ? null
                    : st.backupFor(intent.runId()).orElse(null);
            if (backup != null) {
                if (backup.outcome() == BackupDone.Outcome.FAILED) {
                    return failStage(s, StageException.of(FailureReason.UNAVAILABLE, "the pre-deploy backup failed"
                            + (backup.reason() == null ? "" : ": " + backup.reason()) + "; nothing was deployed"),
                            now);
                }
                st.active = active.withGates(gates.backupDone());
                StoredState saved = save(s);
                progressed(saved, Phase.WAITING, "pre-deploy backup done" + (backup.object() == null
                        ? ""
                        : ": " + backup.object()), null);
                return saved;
            }
            if (gates.backupRequestedAt() == null) {
                st.active = active.withGates(gates.backupRequested(now));
                StoredState saved = save(s);
                ChartPublished published = intent.release();
                events.backupRequested(intent.answer(), new BackupRequested(st.app, st.environment, st.namespace,
                        published.spec().database(), BackupRequested.Trigger.PRE_DEPLOY, ReleaseEvents.SERVICE));
                progressed(saved, Phase.WAITING, "waiting for the pre-deploy backup of "
                        + published.spec().database().name(), null);
                return saved;
            }
            if (now.isAfter(gates.backupRequestedAt().plus(settings.backupTimeout()))) {
                return failStage(s, StageException.of(FailureReason.TIMEOUT, "the pre-deploy backup did not finish"
                        + " within " + human(settings.backupTimeout()) + "; nothing was deployed"), now);
            }
            return null;
        }

        List<String> keys = intent.release().spec().chart() == null
                ? List.of()
                : intent.release().spec().chart().secrets();
        if (!keys.isEmpty() && active.secretsChecksum() == null) {
            GateEvents.Secrets secrets = st.secrets;
            if (secrets != null && secrets.keys().containsAll(keys)) {
                st.active = active.withSecretsChecksum(secrets.checksum());
                return save(s);
            }
            if (gates.secretsWaitSince() == null) {
                st.active = active.withGates(gates.waitingForSecrets(now));
                StoredState saved = save(s);
                progressed(saved, Phase.WAITING, "waiting for secrets-synced with " + String.join(", ", keys)
                        + " in " + st.namespace, null);
                return saved;
            }
            if (now.isAfter(gates.secretsWaitSince().plus(settings.secretsTimeout()))) {
                return failStage(s, StageException.of(FailureReason.TIMEOUT, "secrets " + String.join(", ", keys)
                        + " were not synced to " + st.namespace + " within " + human(settings.secretsTimeout())), now);
            }
            return null;
        }

        st.active = active.inPhase(ActiveRelease.Phase.APPLY, now);
        return save(s);
    }

    // ---- apply and rollout

    private StoredState apply(StoredState s, Instant now) throws StageException {
        EnvironmentState st = s.state;
        cluster.ensureNamespace(st.namespace);
        boolean canary = canaryRelease(s);
        List<ObjectNode> desired = canary ? canaryObjects(s, 0) : finalObjects(s);
        Plan plan = plan(s, desired);
        progressed(s, Phase.PLANNED, "plan: " + plan.summary(), null, plan);
        applyAll(s, desired);
        pruneAllBut(s, desired);
        s.activeObjects = new ArrayList<>(desired);
        st.applied = keys(desired);
        ActiveRelease active = st.active.withPlanSummary(plan.summary());
        if (canary) {
            st.active = active.inPhase(ActiveRelease.Phase.CANARY, now).withCanary(CanaryState.start(now));
        } else {
            st.active = active.inPhase(ActiveRelease.Phase.ROLLOUT, now);
        }
        StoredState saved = saveAfterApply(s);
        progressed(saved, Phase.APPLIED, "applied " + desired.size() + " object(s): " + plan.summary(), null);
        if (canary) {
            progressed(saved, Phase.CANARY_STEP, stepMessage(saved, 0), canaryProgress(saved, 0, 0, List.of()));
        }
        return saved;
    }

    private StoredState rollout(StoredState s, Instant now, int canarySteps) throws StageException {
        EnvironmentState st = s.state;
        String key = ReleaseStore.key(st.namespace, st.app);
        RolloutLook look = rolloutLooks.get(key);
        if (look != null && look.revision() == st.active.revision() && now.isBefore(look.at())) {
            return null;
        }
        rolloutLooks.remove(key);
        EnvironmentSpec env = environment(s);
        List<String> waiting = new ArrayList<>();
        String failed = null;
        for (ObjectNode manifest : s.activeObjects) {
            if (!"Deployment".equals(manifest.path("kind").asText())) {
                continue;
            }
            RolloutStatus status = RolloutStatus.of(cluster.get(ObjectKey.of(manifest)));
            if (status.failed()) {
                failed = status.message();
            } else if (!status.complete()) {
                waiting.add(status.message());
            }
        }
        if (failed == null && waiting.isEmpty()) {
            st.live = new LiveRelease(st.active.intent(), st.active.revision(), st.active.secretsChecksum());
            s.liveObjects = new ArrayList<>(s.activeObjects);
            s.activeObjects = new ArrayList<>();
            return finish(s, Outcome.SUCCEEDED, null, canarySteps, now);
        }
        Instant deadline = st.active.phaseStartedAt().plusSeconds(env.progressDeadlineSeconds());
        if (failed != null) {
            return rollBack(s, now, "the rollout failed: " + failed, canarySteps);
        }
        if (now.isAfter(deadline)) {
            return rollBack(s, now, "the rollout did not complete within " + env.progressDeadlineSeconds() + "s: "
                    + String.join("; ", waiting), canarySteps);
        }
        rolloutLooks.put(key, new RolloutLook(s.resourceVersion(), st.active.revision(),
                now.plus(betweenRolloutLooks(Duration.between(st.active.phaseStartedAt(), now)))));
        return null;
    }

    /**
     * The wait before the next look at a rollout under way for {@code age}: a quarter of its age, at most
     * {@link #MOST_BETWEEN_ROLLOUT_LOOKS}, so that a quick rollout is seen at once and a slow one costs the API server
     * a read every few seconds rather than one per tick.
     */
    static Duration betweenRolloutLooks(Duration age) {
        Duration quarter = age.isNegative() ? Duration.ZERO : age.dividedBy(4);
        return quarter.compareTo(MOST_BETWEEN_ROLLOUT_LOOKS) > 0 ? MOST_BETWEEN_ROLLOUT_LOOKS : quarter;
    }

    // ---- canary

    private StoredState canary(StoredState s, Instant now) throws StageException {
        EnvironmentState st = s.state;
        EnvironmentSpec env = environment(s);
        CanaryPolicy policy = policy(env);
        CanaryState state = st.active.canary();
        if (!CanaryMachine.analysisDue(policy, state, now)) {
            return null;
        }
        AnalysisReport report = analyzer.analyse(st.app, st.namespace, env.canary().analysis());
        CanaryDecision decision = CanaryMachine.decide(policy, state, report.verdict(), clock.instant());
        CanaryState next = decision.state();
        CanaryProgress measured = canaryProgress(s, state.step(), next.failures(), report.results());
        switch (decision.action()) {
            case ADVANCE -> {
                List<ObjectNode> objects = canaryObjects(s, next.step());
                applyAll(s, objects);
                s.activeObjects = new ArrayList<>(objects);
                st.applied = union(st.applied, keys(objects));
                st.active = st.active.withCanary(next);
                StoredState saved = save(s);
                progressed(saved, Phase.ANALYSIS, decision.reason(), measured);
                progressed(saved, Phase.CANARY_STEP, stepMessage(saved, next.step()),
                        canaryProgress(saved, next.step(), next.failures(), List.of()));
                return saved;
            }
            case HOLD, PAUSE -> {
                st.active = st.active.withCanary(next);
                StoredState saved = save(s);
                progressed(saved, Phase.ANALYSIS, decision.reason(), measured);
                return saved;
            }
            case PROMOTE -> {
                st.active = st.active.withCanary(next).inPhase(ActiveRelease.Phase.PROMOTING, now).withPromoted(false);
                StoredState saved = save(s);
                progressed(saved, Phase.ANALYSIS, decision.reason(), measured);
                return promote(saved, clock.instant());
            }
            case ROLLBACK -> {
                progressed(s, Phase.ANALYSIS, decision.reason(), measured);
                return rollBack(s, now, decision.reason(), state.step());
            }
            default -> throw new IllegalStateException("unknown canary action " + decision.action());
        }
    }

    private StoredState promote(StoredState s, Instant now) throws StageException {
        EnvironmentState st = s.state;
        List<ObjectNode> objects = finalObjects(s);
        applyAll(s, objects);
        pruneAllBut(s, objects);
        s.activeObjects = new ArrayList<>(objects);
        st.applied = keys(objects);
        st.active = st.active.inPhase(ActiveRelease.Phase.PROMOTING, now).withPromoted(true);
        StoredState saved = save(s);
        progressed(saved, Phase.PROMOTED, "the stable track takes " + st.active.intent().release().image()
                .reference() + "; canary removed", canaryProgress(saved,
                        policy(environment(saved)).steps().size()
                                - 1,
                        st.active.canary().failures(), List.of()));
        return saved;
    }

    private StoredState promoting(StoredState s, Instant now) throws StageException {
        if (!s.state.active.promoted()) {
            return promote(s, now);
        }
        return rollout(s, now, environment(s).canary().steps().size());
    }

    // ---- rollback and outcomes

    private StoredState rollBack(StoredState s, Instant now, String reason, int canarySteps) throws StageException {
        EnvironmentState st = s.state;
        if (s.liveObjects.isEmpty()) {
            return finish(s, Outcome.FAILED, reason + "; there is no earlier release to roll back to",
                    canarySteps, now);
        }
        progressed(s, Phase.ROLLING_BACK, reason + "; restoring revision " + st.live.revision(), null);
        restoreLive(s);
        return finish(s, Outcome.ROLLED_BACK, reason, canarySteps, now);
    }

    /** Re-applies the live release's objects and removes what the active release added. */
    private void restoreLive(StoredState s) throws StageException {
        applyAll(s, s.liveObjects);
        pruneAllBut(s, s.liveObjects);
        s.state.applied = keys(s.liveObjects);
        s.activeObjects = new ArrayList<>();
    }

    private StoredState failStage(StoredState s, StageException e, Instant now) {
        EnvironmentState st = s.state;
        ReleaseIntent intent = st.active.intent();
        StoredState saved = finish(s, Outcome.FAILED, e.getMessage(), canaryStepsDone(st.active), now);
        events.failed(intent.answer(), StageFailed.of(st.app, Stage.DEPLOY, st.environment, e.reason(),
                e.getMessage(), e.logTail(), intent.kind() == ReleaseIntent.Kind.RELEASE
                        ? Topics.CHART_PUBLISHED
                        : Topics.SECRETS_SYNCED,
                intent.eventId(), Math.max(1, e.attempts())));
        return saved;
    }

    private StoredState finish(StoredState s, Outcome outcome, String reason, int canarySteps, Instant now) {
        EnvironmentState st = s.state;
        ActiveRelease active = st.active;
        ReleaseIntent intent = active.intent();
        ChartPublished published = intent.release();
        Deployed deployed = new Deployed(st.app, st.environment, st.namespace, releaseName(st.app, st.environment,
                active.revision()), outcome, published.commit(), published.image(), published.chart(),
                active.startedAt(), now, reason, strategyUsed(s), active.revision(), canarySteps,
                active.planSummary());
        Finished finished = new Finished(intent.eventId(), intent.runId(), deployed);
        st.addFinished(finished);
        st.unannounced.add(intent.eventId());
        st.active = null;
        StoredState saved = save(s);
        LOG.infof("%s: revision %d in %s %s%s", st.app, active.revision(), st.environment, outcome,
                reason == null ? "" : " (" + reason + ")");
        announce(saved.state, finished);
        return saved;
    }

    /**
     * Sends again the outcomes of this environment the broker has not confirmed, and forgets those it has; the state
     * as saved when that changed it, else null.
     */
    private StoredState announceOutcomes(StoredState s) {
        EnvironmentState st = s.state;
        if (st.unannounced.isEmpty()) {
            return null;
        }
        boolean changed = st.unannounced.removeIf(eventId -> announced.remove(outcomeKey(st, eventId))
                || st.finishedFor(eventId).isEmpty());
        for (String eventId : st.unannounced) {
            st.finishedFor(eventId).ifPresent(finished -> announce(st, finished));
        }
        return changed ? save(s) : null;
    }

    /** Emits {@code deployed} unless it is on its way already; the broker's answer is noted for the next step. */
    private void announce(EnvironmentState st, Finished finished) {
        String key = outcomeKey(st, finished.eventId());
        if (!announcing.add(key)) {
            return;
        }
        events.deployed(new RunContext(finished.runId(), finished.eventId(), null), finished.deployed())
                .whenComplete((done, failure) -> {
                    if (failure == null) {
                        announced.add(key);
                    } else {
                        LOG.warnf("%s/%s: the broker did not take the outcome of revision %d (%s); sending it again",
                                st.app, st.environment, finished.deployed().revision(), failure.getMessage());
                    }
                    announcing.remove(key);
                });
    }

    private static String outcomeKey(EnvironmentState st, String eventId) {
        return ReleaseStore.key(st.namespace, st.app) + "/" + eventId;
    }

    // ---- secrets rotation

    private StoredState secretsRotation(StoredState s, Instant now) {
        EnvironmentState st = s.state;
        if (!rotationDue(st)) {
            return null;
        }
        ReleaseIntent live = st.live.intent();
        st.pending = new ReleaseIntent(ReleaseIntent.Kind.SECRETS_ROTATION, st.secrets.eventId(), st.secrets.runId(),
                live.release(), now, live.position(), null, null);
        LOG.infof("%s: secrets of %s changed; re-rolling revision %d", st.app, st.environment, st.live.revision());
        return save(s);
    }

    /** The live release's secrets changed and it has not been rolled with them yet. */
    private static boolean rotationDue(EnvironmentState st) {
        if (st.live == null || st.secrets == null || st.secrets.eventId() == null) {
            return false;
        }
        ChartSpec chart = st.live.intent().release().spec().chart();
        List<String> keys = chart == null ? List.of() : chart.secrets();
        return !keys.isEmpty() && !Objects.equals(st.secrets.checksum(), st.live.secretsChecksum())
                && st.secrets.keys().containsAll(keys) && !st.knows(st.secrets.eventId());
    }

    // ---- objects

    private List<ObjectNode> finalObjects(StoredState s) throws StageException {
        EnvironmentState st = s.state;
        ActiveRelease active = st.active;
        ChartPublished published = active.intent().release();
        ReleaseValues values = new ReleaseValues(st.app, st.environment, labels(active), published.image(), null,
                null, secrets(s), null);
        return render(s, values);
    }

    private List<ObjectNode> canaryObjects(StoredState s, int step) throws StageException {
        EnvironmentState st = s.state;
        ActiveRelease active = st.active;
        EnvironmentSpec env = environment(s);
        ChartPublished published = active.intent().release();
        ChartSpec chart = published.spec().chart();
        boolean autoscaled = chart != null && chart.hpa() != null;
        int total = chart == null ? 1 : autoscaled ? chart.hpa().minReplicas() : chart.replicas();
        int weight = env.canary().steps().get(step);
        boolean route = env.canary().traffic() == Traffic.GATEWAY;
        ReplicaSplit split = route ? ReplicaSplit.byRoute(total, weight) : ReplicaSplit.byReplicas(total, weight);
        ImageRef stableImage = st.live.intent().release().image();
        ReleaseValues values = new ReleaseValues(st.app, st.environment, labels(active), stableImage,
                autoscaled ? null : split.stable(), new ReleaseValues.Canary(split.canary(), split.weight(),
                        published.image()),
                secrets(s), route ? new ReleaseValues.HttpRoute(settings.gatewayParentRefs()) : null);
        List<ObjectNode> objects = render(s, values);
        // The stable track keeps the live release's pod template exactly, so starting a canary never restarts it.
        ObjectNode liveStable = s.liveObjects.stream().filter(o -> isStableDeployment(o, st.app)).findFirst()
                .orElse(null);
        if (liveStable != null) {
            for (int i = 0; i < objects.size(); i++) {
                if (isStableDeployment(objects.get(i), st.app)) {
                    ObjectNode stable = liveStable.deepCopy();
                    if (!autoscaled) {
                        stable.withObjectProperty("spec").put("replicas", split.stable());
                    }
                    objects.set(i, stable);
                }
            }
        }
        return objects;
    }

    private static boolean isStableDeployment(JsonNode manifest, String app) {
        return "Deployment".equals(manifest.path("kind").asText())
                && app.equals(manifest.path("metadata").path("name").asText());
    }

    private List<ObjectNode> render(StoredState s, ReleaseValues values) throws StageException {
        EnvironmentState st = s.state;
        ChartPublished published = st.active.intent().release();
        List<ObjectNode> objects = Timeouts.run(renderTimeout, () -> renderer.render(published.chart(), st.app,
                st.namespace, values.toMap()));
        if (objects.isEmpty()) {
            throw StageException.of(FailureReason.INVALID_INPUT, "the chart " + published.chart().name() + " "
                    + published.chart().version() + " renders no objects");
        }
        ObjectLabels.stamp(objects, st.app, st.environment, st.namespace, labels(st.active));
        return objects;
    }

    private ReleaseValues.Secrets secrets(StoredState s) {
        ChartSpec chart = s.state.active.intent().release().spec().chart();
        if (chart == null || chart.secrets().isEmpty()) {
            return null;
        }
        String name = s.state.secrets == null ? null : s.state.secrets.secretName();
        return new ReleaseValues.Secrets(name, s.state.active.secretsChecksum(), chart.secrets());
    }

    private static Map<String, String> labels(ActiveRelease active) {
        return ObjectLabels.release(active.intent().runId(), active.revision());
    }

    private Plan plan(StoredState s, List<ObjectNode> desired) throws StageException {
        List<ObjectKey> desiredKeys = keys(desired);
        Set<ObjectKey> applied = Set.copyOf(s.state.applied);
        Map<ObjectKey, JsonNode> live = new LinkedHashMap<>();
        List<ObjectKey> lookups = new ArrayList<>(desiredKeys);
        lookups.addAll(Planner.prunable(desiredKeys, applied));
        for (ObjectKey key : lookups) {
            JsonNode object = cluster.get(key);
            if (object != null) {
                live.put(key, object);
            }
        }
        List<ObjectNode> previousManifests = s.activeObjects.isEmpty() ? s.liveObjects : s.activeObjects;
        Map<ObjectKey, JsonNode> previous = new LinkedHashMap<>();
        previousManifests.forEach(m -> previous.put(ObjectKey.of(m), m));
        return Planner.plan(new ArrayList<>(desired), live, previous, applied);
    }

    private void applyAll(StoredState s, List<ObjectNode> objects) throws StageException {
        List<ObjectKey> done = new ArrayList<>();
        try {
            for (ObjectNode object : objects) {
                cluster.apply(object);
                done.add(ObjectKey.of(object));
            }
        } finally {
            s.state.applied = union(s.state.applied, done);
        }
    }

    private void pruneAllBut(StoredState s, List<ObjectNode> keep) throws StageException {
        List<ObjectKey> kept = keys(keep);
        List<ObjectKey> remaining = new ArrayList<>(s.state.applied);
        for (ObjectKey key : Planner.prunable(kept, Set.copyOf(s.state.applied))) {
            cluster.delete(key);
            remaining.remove(key);
        }
        s.state.applied = remaining;
    }

    private static List<ObjectKey> keys(List<ObjectNode> objects) {
        return objects.stream().map(ObjectKey::of).toList();
    }

    private static List<ObjectKey> union(List<ObjectKey> a, List<ObjectKey> b) {
        List<ObjectKey> all = new ArrayList<>(a);
        for (ObjectKey key : b) {
            if (all.stream().noneMatch(key::equals)) {
                all.add(key);
            }
        }
        return all;
    }

    // ---- helpers

    private boolean canaryRelease(StoredState s) {
        EnvironmentSpec env = environment(s);
        return env.strategy() == Strategy.CANARY && env.canary() != null
                && s.state.active.intent().kind() == ReleaseIntent.Kind.RELEASE && s.state.live != null
                && !s.liveObjects.isEmpty();
    }

    private Strategy strategyUsed(StoredState s) {
        ActiveRelease active = s.state.active;
        return active.canary() != null ? Strategy.CANARY : Strategy.ROLLING;
    }

    private static int canaryStepsDone(ActiveRelease active) {
        if (active == null || active.canary() == null) {
            return 0;
        }
        return active.phase() == ActiveRelease.Phase.PROMOTING ? active.canary().step() + 1 : active.canary().step();
    }

    private CanaryPolicy policy(EnvironmentSpec env) {
        EnvironmentSpec.Canary canary = env.canary();
        return new CanaryPolicy(canary.steps(), settings.intervalUnit().multipliedBy(canary.intervalSeconds()),
                canary.analysis() == null ? 0 : canary.analysis().failureLimit(), settings.inconclusiveLimit());
    }

    private EnvironmentSpec environment(StoredState s) {
        ReleaseIntent intent = s.state.active.intent();
        return intent.release().spec().environment(s.state.environment).orElseThrow(
                () -> new IllegalStateException("the spec of run " + intent.runId() + " has no environment "
                        + s.state.environment));
    }

    private CanaryProgress canaryProgress(StoredState s, int step, int failures,
            List<DeployProgressed.AnalysisResult> analysis) {
        EnvironmentSpec env = environment(s);
        List<Integer> steps = env.canary().steps();
        return new CanaryProgress(step + 1, steps.size(), effectiveWeight(s, step), failures, analysis);
    }

    private int effectiveWeight(StoredState s, int step) {
        EnvironmentSpec env = environment(s);
        int weight = env.canary().steps().get(step);
        if (env.canary().traffic() == Traffic.GATEWAY) {
            return weight;
        }
        ChartSpec chart = s.state.active.intent().release().spec().chart();
        int total = chart == null ? 1 : chart.hpa() != null ? chart.hpa().minReplicas() : chart.replicas();
        return ReplicaSplit.byReplicas(total, weight).weight();
    }

    private String stepMessage(StoredState s, int step) {
        EnvironmentSpec env = environment(s);
        return "canary step " + (step + 1) + "/" + env.canary().steps().size() + ": " + effectiveWeight(s, step)
                + "% of traffic (asked " + env.canary().steps().get(step) + "%)";
    }

    private void progressed(StoredState s, Phase phase, String message, CanaryProgress canary) {
        progressed(s, phase, message, canary, null);
    }

    private void progressed(StoredState s, Phase phase, String message, CanaryProgress canary, Plan plan) {
        EnvironmentState st = s.state;
        ActiveRelease active = st.active;
        events.progressed(active.intent().answer(), new DeployProgressed(st.app, st.environment, st.namespace,
                releaseName(st.app, st.environment, active.revision()), phase, message,
                plan == null ? List.of() : plan.changes(), canary));
    }

    /** {@code 90s}, {@code 30m}, {@code 24h}, {@code 1h30m}: a duration for people. */
    static String human(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds == 0) {
            return duration.toMillis() + "ms";
        }
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
            seconds %= 3600;
        }
        if (seconds >= 60) {
            text.append(seconds / 60).append('m');
            seconds %= 60;
        }
        if (seconds > 0) {
            text.append(seconds).append('s');
        }
        return text.toString();
    }

    /** {@code <app>-<environment>-r<revision>}: the same for every event of one release in one environment. */
    public static String releaseName(String app, String environment, int revision) {
        return app + "-" + environment + "-r" + revision;
    }

    private boolean owner(EnvironmentState st) {
        return settings.instanceId().equals(st.owner);
    }

    /**
     * Saves the state an apply left. The plan is out and the objects are applied, so a repeat would announce and
     * apply them a second time: when only the intake wrote to the state meanwhile (a gate event, a newer pending
     * release), the apply's changes are carried onto what it wrote instead.
     */
    private StoredState saveAfterApply(StoredState s) {
        try {
            return save(s);
        } catch (StaleStateException stale) {
            StoredState fresh = store.load(s.state.namespace, s.state.app).orElseThrow(() -> stale);
            ActiveRelease theirs = fresh.state.active;
            if (theirs == null || theirs.revision() != s.state.active.revision()
                    || theirs.phase() != ActiveRelease.Phase.APPLY
                    || !settings.instanceId().equals(fresh.state.owner)) {
                throw stale;
            }
            fresh.state.active = s.state.active;
            fresh.state.applied = s.state.applied;
            fresh.activeObjects = new ArrayList<>(s.activeObjects);
            return save(fresh);
        }
    }

    private StoredState save(StoredState s) {
        s.state.owner = settings.instanceId();
        s.state.leaseUntil = clock.instant().plus(settings.lease());
        StoredState saved = store.save(s);
        knownVersions.put(ReleaseStore.key(s.state.namespace, s.state.app), saved.resourceVersion());
        return saved;
    }
}

package dev.slipway.deploy.support;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.contracts.events.ApprovalGiven;
import dev.slipway.contracts.events.BackupDone;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.events.ChartRef;
import dev.slipway.contracts.events.CommitRef;
import dev.slipway.contracts.events.ImageRef;
import dev.slipway.contracts.events.SecretsSynced;
import dev.slipway.contracts.spec.ChartSpec;
import dev.slipway.contracts.spec.DatabaseSpec;
import dev.slipway.contracts.spec.EnvironmentSpec;
import dev.slipway.contracts.spec.EnvironmentSpec.Analysis;
import dev.slipway.contracts.spec.EnvironmentSpec.Canary;
import dev.slipway.contracts.spec.EnvironmentSpec.Metric;
import dev.slipway.contracts.spec.EnvironmentSpec.Strategy;
import dev.slipway.contracts.spec.EnvironmentSpec.Traffic;
import dev.slipway.contracts.spec.PipelineSpec;
import dev.slipway.runtime.Received;

/** Releases, specs and gate events for tests, built the way chart-service, gateway and backup-service emit them. */
public final class Releases {

    public static final String ERROR_RATE = "sum(http_requests_total{app=\"{{app}}\",track=\"{{track}}\",code=~\"5..\"})"
            + " / sum(http_requests_total{app=\"{{app}}\",track=\"{{track}}\"})";

    private Releases() {
    }

    /** A commit sha made of one repeated hex digit, so each release of a test is told apart by it. */
    public static String sha(char digit) {
        return String.valueOf(digit).repeat(40);
    }

    public static ImageRef image(String app, char digit) {
        return new ImageRef("127.0.0.1:5000/apps/" + app, "sha256:" + String.valueOf(digit).repeat(64),
                List.of(sha(digit)));
    }

    public static ChartRef chart(String app, char digit) {
        return new ChartRef("oci://127.0.0.1:5000/charts/" + app, app, "0.0.0-" + sha(digit).substring(0, 12),
                "sha256:" + "c".repeat(64));
    }

    public static EnvironmentSpec rolling(String name, String namespace, int deadlineSeconds) {
        return new EnvironmentSpec(name, namespace, Strategy.ROLLING, null, false, false, deadlineSeconds);
    }

    public static EnvironmentSpec gated(String name, String namespace, boolean approval, boolean backup) {
        return new EnvironmentSpec(name, namespace, Strategy.ROLLING, null, approval, backup, 60);
    }

    /** A canary by replica ratio whose analysis is the error rate (at most 5%) and Kubernetes health. */
    public static EnvironmentSpec canary(String name, String namespace, List<Integer> steps, int interval,
            int failureLimit) {
        Analysis analysis = new Analysis(failureLimit, List.of(new Metric("error-rate", ERROR_RATE, 0.05, null)),
                null, true);
        return new EnvironmentSpec(name, namespace, Strategy.CANARY, new Canary(steps, interval, Traffic.REPLICAS,
                analysis), false, false, 60);
    }

    public static EnvironmentSpec withAnalysis(EnvironmentSpec env, Analysis analysis) {
        Canary canary = env.canary();
        return new EnvironmentSpec(env.name(), env.namespace(), env.strategy(), new Canary(canary.steps(),
                canary.intervalSeconds(), canary.traffic(), analysis), env.approval(), env.backupBefore(),
                env.progressDeadlineSeconds());
    }

    public static PipelineSpec spec(String app, int replicas, List<String> secrets, EnvironmentSpec... environments) {
        ChartSpec chart = new ChartSpec(null, replicas, null, null, null, null, secrets);
        DatabaseSpec database = new DatabaseSpec("127.0.0.1", 5432, app, app, "DATABASE_PASSWORD", null, 7,
                DatabaseSpec.Verify.EVERY, null);
        return new PipelineSpec(app, null, chart, new ArrayList<>(List.of(environments)), database);
    }

    public static ChartPublished release(PipelineSpec spec, char digit) {
        String app = spec.app();
        return new ChartPublished(app, new CommitRef("github", "team/" + app, "https://git.example.test/" + app,
                "main", sha(digit)), image(app, digit), chart(app, digit), spec);
    }

    /** The event as deploy-service reads it: a fresh ce_id in run {@code runId}, caused by an image-built. */
    public static Received<ChartPublished> received(ChartPublished release, String runId) {
        return new Received<>(release, UUID.randomUUID().toString(), EventTypes.CHART_PUBLISHED,
                new RunContext(runId, UUID.randomUUID().toString(), null));
    }

    public static Received<ApprovalGiven> approval(String app, String environment, String runId,
            ApprovalGiven.Decision decision) {
        return new Received<>(new ApprovalGiven(app, environment, decision, "ada", "looks good", null),
                UUID.randomUUID().toString(), EventTypes.APPROVAL_GIVEN, new RunContext(runId, null, null));
    }

    public static Received<BackupDone> backup(String app, String environment, String runId,
            BackupDone.Outcome outcome) {
        BackupDone.BackupObject object = outcome == BackupDone.Outcome.SUCCEEDED
                ? new BackupDone.BackupObject("backups", app + "/1.dump", 42, "ab".repeat(32), "k1")
                : null;
        return new Received<>(new BackupDone(app, environment, app, null, outcome, object, null, "15.8", null,
                null, outcome == BackupDone.Outcome.FAILED ? "pg_dump: connection refused" : null),
                UUID.randomUUID().toString(), EventTypes.BACKUP_DONE, new RunContext(runId, null, null));
    }

    public static Received<SecretsSynced> secrets(String app, String environment, String namespace, String runId,
            String checksum, String... keys) {
        List<SecretsSynced.KeyVersion> versions = new ArrayList<>();
        for (String key : keys) {
            versions.add(new SecretsSynced.KeyVersion(key, 1));
        }
        return new Received<>(new SecretsSynced(app, environment, namespace, app + "-secrets", versions, checksum,
                null), UUID.randomUUID().toString(), EventTypes.SECRETS_SYNCED, new RunContext(runId, null, null));
    }
}

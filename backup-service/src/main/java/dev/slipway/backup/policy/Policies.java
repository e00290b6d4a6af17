package dev.slipway.backup.policy;

import java.util.List;

import dev.slipway.backup.job.BackupOrder;
import dev.slipway.backup.secret.PasswordRef;
import dev.slipway.contracts.SecretValue;
import dev.slipway.contracts.events.BackupRequested;
import dev.slipway.contracts.events.BackupRequested.Trigger;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.spec.DatabaseSpec;
import dev.slipway.contracts.spec.EnvironmentSpec;

/** Turns what the pipeline says into policies and orders. */
public final class Policies {

    private Policies() {
    }

    /**
     * The policy a published chart's spec implies, or null when the spec names no database. The password is read in
     * the namespace of the last environment, the one the application finally runs in.
     */
    public static BackupPolicy fromChart(ChartPublished chart) {
        if (chart.spec() == null || chart.spec().database() == null) {
            return null;
        }
        List<EnvironmentSpec> environments = chart.spec().environments();
        String namespace = environments.isEmpty() || environments.get(environments.size() - 1).namespace() == null
                ? chart.app()
                : environments.get(environments.size() - 1).namespace();
        return new BackupPolicy(chart.app(), namespace, chart.spec().database(), BackupPolicy.Source.APP);
    }

    /** The order a {@code backup-requested} event carries: everything is in the event. */
    public static BackupOrder fromRequest(BackupRequested request, String run, String eventId, String replayOf) {
        DatabaseSpec database = request.database();
        if (database == null) {
            throw new IllegalArgumentException("backup-requested names no database");
        }
        String namespace = request.namespace() == null || request.namespace().isBlank()
                ? request.app()
                : request.namespace();
        PasswordRef password = new PasswordRef.KubernetesSecret(namespace, BackupPolicy.secretName(request.app()),
                database.passwordSecret());
        Trigger trigger = request.trigger() == null ? Trigger.MANUAL : request.trigger();
        return new BackupOrder(request.app(), request.environment(), database, password, trigger, run, eventId,
                replayOf);
    }

    /** An order for a policy, from the schedule or the API. */
    public static BackupOrder order(BackupPolicy policy, PasswordRef password, Trigger trigger, String environment,
            String run) {
        return new BackupOrder(policy.app(), environment, policy.database(), password, trigger, run, null, null);
    }

    /** Where an application policy's password is; static policies carry theirs in configuration. */
    public static PasswordRef password(BackupPolicy policy, SecretValue configured) {
        if (policy.source() == BackupPolicy.Source.STATIC) {
            return new PasswordRef.Configured(configured);
        }
        return new PasswordRef.KubernetesSecret(policy.namespace(), BackupPolicy.secretName(policy.app()),
                policy.database().passwordSecret());
    }
}

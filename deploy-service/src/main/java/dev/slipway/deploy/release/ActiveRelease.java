package dev.slipway.deploy.release;

import java.time.Instant;

import dev.slipway.deploy.canary.CanaryState;

/**
 * The release under way in an environment.
 *
 * @param intent what is released
 * @param revision the environment's revision number of this release
 * @param phase where it is
 * @param startedAt when it started in this environment
 * @param phaseStartedAt when the current phase started (the progress deadline counts from here)
 * @param gates progress through the gates
 * @param secretsChecksum the secrets checksum stamped into the pod template, or null
 * @param canary the canary's state, in the canary phases
 * @param promoted the promotion was applied (phase PROMOTING)
 * @param planSummary the first apply's plan in one line
 * @param attempts failed attempts of the current phase against an unavailable cluster or registry
 * @param retryAt do not retry before this time, or null
 */
public record ActiveRelease(
        ReleaseIntent intent,
        int revision,
        Phase phase,
        Instant startedAt,
        Instant phaseStartedAt,
        Gates gates,
        String secretsChecksum,
        CanaryState canary,
        boolean promoted,
        String planSummary,
        int attempts,
        Instant retryAt) {

    public enum Phase {
        /** Approval, backup and secrets. */
        GATES,
        /** Render, plan and apply. */
        APPLY,
        /** Waiting for the rollout to complete. */
        ROLLOUT,
        /** Canary steps with analysis. */
        CANARY,
        /** The stable track takes the new version; waiting for its rollout. */
        PROMOTING
    }

    public static ActiveRelease start(ReleaseIntent intent, int revision, Instant now) {
        return new ActiveRelease(intent, revision, Phase.GATES, now, now, Gates.none(), null, null, false, null, 0,
                null);
    }

    public ActiveRelease withGates(Gates next) {
        return new ActiveRelease(intent, revision, phase, startedAt, phaseStartedAt, next, secretsChecksum, canary,
                promoted, planSummary, attempts, retryAt);
    }

    public ActiveRelease withSecretsChecksum(String checksum) {
        return new ActiveRelease(intent, revision, phase, startedAt, phaseStartedAt, gates, checksum, canary,
                promoted, planSummary, attempts, retryAt);
    }

    /** In {@code next} from {@code now}, with the retry count reset. */
    public ActiveRelease inPhase(Phase next, Instant now) {
        return new ActiveRelease(intent, revision, next, startedAt, now, gates, secretsChecksum, canary, promoted,
                planSummary, 0, null);
    }

    public ActiveRelease withCanary(CanaryState state) {
        return new ActiveRelease(intent, revision, phase, startedAt, phaseStartedAt, gates, secretsChecksum, state,
                promoted, planSummary, attempts, retryAt);
    }

    public ActiveRelease withPromoted(boolean applied) {
        return new ActiveRelease(intent, revision, phase, startedAt, phaseStartedAt, gates, secretsChecksum, canary,
                applied, planSummary, attempts, retryAt);
    }

    public ActiveRelease withPlanSummary(String summary) {
        return new ActiveRelease(intent, revision, phase, startedAt, phaseStartedAt, gates, secretsChecksum, canary,
                promoted, summary, attempts, retryAt);
    }

    public ActiveRelease retryLater(Instant at) {
        return new ActiveRelease(intent, revision, phase, startedAt, phaseStartedAt, gates, secretsChecksum, canary,
                promoted, planSummary, attempts + 1, at);
    }
}

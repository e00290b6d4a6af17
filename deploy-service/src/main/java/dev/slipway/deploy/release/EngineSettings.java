package dev.slipway.deploy.release;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the release engine behaves; every value comes from configuration.
 *
 * @param instanceId this instance's name in the state objects' lease
 * @param lease how long an instance owns an environment after its last write; another may take over after it
 * @param intervalUnit the length of one second of a spec's canary interval (shorter in tests)
 * @param approvalTimeout how long an approval gate waits before rejecting
 * @param backupTimeout how long a pre-deploy backup may take
 * @param secretsTimeout how long to wait for the listed secrets to be synced
 * @param inconclusiveLimit consecutive inconclusive analyses a canary tolerates paused before rolling back
 * @param maxAttempts attempts against an unavailable cluster or registry before the release fails
 * @param retryBackoff wait between those attempts
 * @param gatewayParentRefs the Gateways an HTTPRoute attaches to, for canaries with Gateway API traffic
 */
public record EngineSettings(
        String instanceId,
        Duration lease,
        Duration intervalUnit,
        Duration approvalTimeout,
        Duration backupTimeout,
        Duration secretsTimeout,
        int inconclusiveLimit,
        int maxAttempts,
        Duration retryBackoff,
        List<Map<String, String>> gatewayParentRefs) {

    public EngineSettings {
        gatewayParentRefs = gatewayParentRefs == null ? List.of() : List.copyOf(gatewayParentRefs);
    }

    public static EngineSettings defaults(String instanceId) {
        return new EngineSettings(instanceId, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(24),
                Duration.ofHours(1), Duration.ofMinutes(30), 10, 5, Duration.ofSeconds(5), List.of());
    }
}

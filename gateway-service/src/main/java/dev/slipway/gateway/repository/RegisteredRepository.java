package dev.slipway.gateway.repository;

import java.time.Instant;
import java.util.List;

import dev.slipway.contracts.SecretValue;
import dev.slipway.gateway.webhook.Provider;

/**
 * A repository whose pushes start runs.
 *
 * @param id the registration's id
 * @param app the application name: the Kafka key and CloudEvent subject of its events
 * @param provider where it is hosted
 * @param fullName {@code team/hello}, as the provider's payloads name it
 * @param cloneUrl where build-service fetches it from
 * @param defaultBranch the repository's default branch
 * @param branches the branches whose pushes start a run
 * @param secret the webhook secret; prints as {@value SecretValue#REDACTED}
 * @param createdAt when it was registered
 */
public record RegisteredRepository(String id, String app, Provider provider, String fullName, String cloneUrl,
        String defaultBranch, List<String> branches, SecretValue secret, Instant createdAt) {

    public RegisteredRepository {
        branches = List.copyOf(branches);
    }

    /** Whether a push to {@code branch} starts a run. */
    public boolean triggers(String branch) {
        return branches.contains(branch);
    }
}

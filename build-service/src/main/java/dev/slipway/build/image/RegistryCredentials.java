package dev.slipway.build.image;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import dev.slipway.contracts.SecretValue;

/**
 * The login for Slipway's image registry, from configuration.
 *
 * @param username the registry user
 * @param password the password or token
 */
public record RegistryCredentials(String username, SecretValue password) {

    public static Optional<RegistryCredentials> of(Optional<String> username, Optional<SecretValue> password) {
        if (username.isEmpty() || username.get().isBlank() || password.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RegistryCredentials(username.get(), password.get()));
    }

    /** The value of an {@code Authorization: Basic} header. */
    String basic() {
        return "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "RegistryCredentials[" + username + ", " + SecretValue.REDACTED + "]";
    }
}

package dev.slipway.build.checkout;

import java.util.Optional;

import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

import dev.slipway.contracts.SecretValue;

/**
 * The login build-service uses to fetch over http(s), from its configuration only: a URL's own user and password are
 * dropped, so a repository can never choose the credentials.
 *
 * @param username the user name (for a token, any non-empty name the provider accepts, such as {@code oauth2})
 * @param password the password or access token
 */
public record GitCredentials(String username, SecretValue password) {

    public static Optional<GitCredentials> of(Optional<String> username, Optional<SecretValue> password) {
        if (password.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new GitCredentials(username.filter(u -> !u.isBlank()).orElse("slipway"), password.get()));
    }

    CredentialsProvider provider() {
        return new UsernamePasswordCredentialsProvider(username, password.reveal().toCharArray());
    }

    @Override
    public String toString() {
        return "GitCredentials[" + username + ", " + SecretValue.REDACTED + "]";
    }
}

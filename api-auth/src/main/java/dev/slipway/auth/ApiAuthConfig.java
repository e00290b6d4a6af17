package dev.slipway.auth;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * The API's bearer tokens, the same keys in every service; each is also an environment variable. No token is
 * configured by default: then every endpoint that needs a role answers 401.
 */
@ConfigMapping(prefix = "slipway.api")
public interface ApiAuthConfig {

    /**
     * Tokens by name: {@code slipway.api.tokens.<name>.role} ({@code viewer}, {@code sre} or {@code admin}) and
     * {@code slipway.api.tokens.<name>.sha256} (hex SHA-256 of the token; the token itself is never configured), or
     * {@code SLIPWAY_API_TOKENS_<NAME>_ROLE} / {@code _SHA256}. The name is the caller's principal name.
     */
    Map<String, Token> tokens();

    /**
     * A file of further tokens (a mounted Kubernetes Secret), one {@code name:role:sha256-hex} per line; blank lines
     * and {@code #} comments are skipped. Env {@code SLIPWAY_API_TOKENS_FILE}.
     */
    Optional<Path> tokensFile();

    interface Token {
        /** viewer, sre or admin; each includes the ones before it. */
        String role();

        /** Hex SHA-256 of the token. */
        String sha256();
    }
}

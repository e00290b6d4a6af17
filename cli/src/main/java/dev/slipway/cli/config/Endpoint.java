package dev.slipway.cli.config;

import java.net.URI;
import java.util.Optional;

/**
 * A server to talk to, and the token to show it.
 *
 * @param name how messages name it ({@code gateway}, {@code secrets-service})
 * @param url its base URL, or null when none is configured
 * @param token the bearer token, or null when none is configured
 * @param hint where a URL or token can be set, for messages
 */
public record Endpoint(String name, URI url, String token, String hint) {

    public Optional<URI> optionalUrl() {
        return Optional.ofNullable(url);
    }

    @Override
    public String toString() {
        return "Endpoint[" + name + " " + url + (token == null ? "" : ", token [redacted]") + "]";
    }
}

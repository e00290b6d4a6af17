package dev.slipway.secrets.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import dev.slipway.contracts.SecretValue;

/** Request bodies. */
public final class Requests {

    /** {@code {"value": "..."}}. */
    public record SetValue(@JsonDeserialize(using = SecretValueDeserializer.class) SecretValue value) {
    }

    /**
     * {@code {"length": 32, "alphabet": "alphanumeric", "rotateEvery": "30d"}}.
     *
     * @param length characters, 8 to 4096; 32 unless given
     * @param alphabet {@code alphanumeric}, {@code hex}, {@code base64url} or {@code symbols}; alphanumeric unless
     *        given
     * @param rotateEvery a period ({@code 30d}, {@code 12h}, {@code P30D}) after which Slipway rotates it, or null for
     *        rotation on request only
     */
    public record Generate(Integer length, String alphabet, String rotateEvery) {
    }

    /** {@code {"sealed": "v1:<key id>:<base64>"}}. */
    public record Sealed(String sealed) {
    }

    private Requests() {
    }
}

package dev.slipway.gateway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a webhook came from the provider that knows the repository's secret. Every comparison takes the same
 * time whatever the first differing byte, so an attacker cannot find a valid signature byte by byte.
 */
public final class Signatures {

    private static final String GITHUB_PREFIX = "sha256=";
    private static final int SHA256_BYTES = 32;

    /** The result of a check. Only {@link #VALID} lets a delivery in. */
    public enum Verdict {
        VALID, MISSING, INVALID
    }

    /**
     * Checks the signature header of {@code provider} over {@code body} with the repository's {@code secret}.
     *
     * @param header the value of {@link Provider#signatureHeader()}, or null when absent; an empty header counts as a
     *        missing one
     */
    public static Verdict verify(Provider provider, String header, byte[] body, byte[] secret) {
        if (header == null || header.isBlank()) {
            return Verdict.MISSING;
        }
        String value = header.trim();
        return switch (provider) {
            case GITHUB -> value.regionMatches(true, 0, GITHUB_PREFIX, 0, GITHUB_PREFIX.length())
                    ? hexMatches(value.substring(GITHUB_PREFIX.length()), hmacSha256(secret, body))
                    : Verdict.INVALID;
            case GITEA -> hexMatches(value, hmacSha256(secret, body));
            // Digests of both sides: equal lengths, so the comparison does not reveal the token's length either.
            case GITLAB -> MessageDigest.isEqual(sha256(value.getBytes(StandardCharsets.UTF_8)), sha256(secret))
                    ? Verdict.VALID
                    : Verdict.INVALID;
        };
    }

    /** The GitHub form of a signature: {@code sha256=} and the hex HMAC-SHA256 of {@code body}. */
    public static String githubSignature(byte[] secret, byte[] body) {
        return GITHUB_PREFIX + hex(hmacSha256(secret, body));
    }

    /** The hex HMAC-SHA256 of {@code body} with {@code secret}, as Gitea sends it and subscriptions are signed. */
    public static String hexHmac(byte[] secret, byte[] body) {
        return hex(hmacSha256(secret, body));
    }

    /** The hex SHA-256 of {@code bytes}. */
    public static String sha256Hex(byte[] bytes) {
        return hex(sha256(bytes));
    }

    public static byte[] hmacSha256(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // An empty key is legal for HMAC but not for SecretKeySpec; one zero byte gives the same MAC.
            mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static Verdict hexMatches(String hex, byte[] expected) {
        byte[] given = decodeHex(hex);
        if (given == null || given.length != SHA256_BYTES) {
            return Verdict.INVALID;
        }
        return MessageDigest.isEqual(given, expected) ? Verdict.VALID : Verdict.INVALID;
    }

    private static byte[] decodeHex(String hex) {
        if (hex.length() % 2 != 0) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private Signatures() {
    }
}

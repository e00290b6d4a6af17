package dev.slipway.e2e.services;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The keys and API tokens of one local installation, made fresh for each run: nothing here is a default that could
 * end up in a real deployment. The services get only the tokens' SHA-256 digests.
 *
 * @param gatewayKey base64 of the 32-byte key sealing webhook secrets
 * @param kek base64 of the 32-byte key-encryption key of secrets-service
 * @param backupKey base64 of the 32-byte key encrypting backups
 * @param adminToken role {@code admin} (which includes {@code sre} and {@code viewer}) on the gateway, secrets-service
 *        and backup-service
 * @param webhookSecret the sample repository's webhook secret
 */
public record Credentials(String gatewayKey, String kek, String backupKey, String adminToken, String webhookSecret) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static Credentials generate() {
        return new Credentials(key(), key(), key(), token("slw"), token("whs"));
    }

    private static String key() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String token(String prefix) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return prefix + "_" + HexFormat.of().formatHex(bytes);
    }

    /** Hex SHA-256 of {@code value}, as the services' token settings want it. */
    public static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Credentials[redacted]";
    }
}

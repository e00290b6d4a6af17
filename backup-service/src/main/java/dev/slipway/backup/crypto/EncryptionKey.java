package dev.slipway.backup.crypto;

import java.util.Base64;
import java.util.Objects;

import dev.slipway.contracts.SecretValue;

/**
 * An AES-256 key with the id written into every backup it encrypts, so a backup names the key that opens it and keys
 * can be rotated while old backups stay readable.
 *
 * @param id a short name (letters, digits, {@code .}, {@code _}, {@code -}; at most 64 characters)
 * @param material the 32 key bytes
 */
public record EncryptionKey(String id, SecretValue material) {

    public static final int KEY_BYTES = 32;

    public EncryptionKey {
        Objects.requireNonNull(material, "material");
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException(
                    "an encryption key id must be 1-64 letters, digits, '.', '_' or '-', got '" + id + "'");
        }
        if (material.length() != KEY_BYTES) {
            throw new IllegalArgumentException("encryption key '" + id + "' must be " + KEY_BYTES + " bytes, got "
                    + material.length());
        }
    }

    /** A key from its base64 form, as configuration holds it. */
    public static EncryptionKey fromBase64(String id, SecretValue base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.reveal().strip());
        } catch (IllegalArgumentException e) {
            // The decoder's message quotes the offending character; say only what is wrong.
            throw new IllegalArgumentException("encryption key '" + id + "' is not valid base64");
        }
        return new EncryptionKey(id, SecretValue.ofBytes(bytes));
    }

    @Override
    public String toString() {
        return "EncryptionKey[" + id + "]";
    }
}

package dev.slipway.secrets.crypto;

/**
 * Key material encrypted under a key-encryption key.
 *
 * @param kekId the id of the key-encryption key that wrapped it
 * @param ciphertext the wrapped bytes
 */
public record WrappedKey(String kekId, Ciphertext ciphertext) {
}

package dev.slipway.secrets.crypto;

/**
 * Something could not be encrypted, decrypted or unsealed: a wrong or missing key, a ciphertext moved to another row,
 * a flipped byte. The message names what failed and never carries a key or a value.
 */
public class CryptoException extends RuntimeException {

    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}

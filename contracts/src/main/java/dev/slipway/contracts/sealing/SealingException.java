package dev.slipway.contracts.sealing;

/**
 * A value cannot be sealed, or a sealed value cannot be read: a key that is not an RSA public key, text that is not a
 * sealed value. The message names what is wrong and never carries the value.
 */
public class SealingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SealingException(String message) {
        super(message);
    }

    public SealingException(String message, Throwable cause) {
        super(message, cause);
    }
}

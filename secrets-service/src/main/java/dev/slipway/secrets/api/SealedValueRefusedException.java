package dev.slipway.secrets.api;

import dev.slipway.secrets.crypto.CryptoException;
import dev.slipway.secrets.store.SecretRef;

/** A sealed value that does not open for the key it was sent for. */
public class SealedValueRefusedException extends RuntimeException {

    public SealedValueRefusedException(SecretRef ref, CryptoException cause) {
        super("the sealed value for " + ref + " does not open: " + cause.getMessage(), cause);
    }
}

package dev.slipway.secrets.store;

/** No current value for that key. */
public class SecretNotFoundException extends RuntimeException {

    public SecretNotFoundException(SecretRef ref) {
        super("no secret " + ref);
    }
}

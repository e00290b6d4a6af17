package dev.slipway.secrets.store;

/** Only a secret Slipway generated can be rotated: it knows how to make another. */
public class NotRotatableException extends RuntimeException {

    public NotRotatableException(SecretRef ref, Source source) {
        super("secret " + ref + " was " + (source == Source.SEALED ? "sealed" : "set") + ", not generated; set a new"
                + " value instead, or generate it to make it rotatable");
    }
}

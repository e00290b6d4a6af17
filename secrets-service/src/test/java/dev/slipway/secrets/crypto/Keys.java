package dev.slipway.secrets.crypto;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/** Key-encryption keys for tests. */
public final class Keys {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static Kek kek(String id) {
        return new Kek(id, AesGcm.newKey(RANDOM));
    }

    public static Keyring keyring(Kek active, Kek... others) {
        List<Kek> all = new java.util.ArrayList<>(List.of(others));
        all.add(0, active);
        return new Keyring(active.id(), all);
    }

    /** The {@code id:base64} text of a fresh key. */
    public static String entry(String id) {
        return id + ":" + Base64.getEncoder().encodeToString(AesGcm.newKey(RANDOM));
    }

    private Keys() {
    }
}

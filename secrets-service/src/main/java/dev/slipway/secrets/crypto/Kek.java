package dev.slipway.secrets.crypto;

import java.util.regex.Pattern;

/**
 * A key-encryption key: 32 random bytes that wrap data keys and the sealing private key. Known by its id, which is
 * stored beside everything it wraps so that after a rotation the old key still opens what it wrapped until that is
 * rewrapped.
 */
public final class Kek {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private final String id;
    private final byte[] key;

    public Kek(String id, byte[] key) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new CryptoException("a key-encryption key id is 1-63 letters, digits, '.', '_' or '-', got '"
                    + (id == null ? "" : id.replaceAll("[^A-Za-z0-9._-]", "?")) + "'");
        }
        if (key == null || key.length != AesGcm.KEY_BYTES) {
            throw new CryptoException("key-encryption key '" + id + "' must be " + AesGcm.KEY_BYTES
                    + " bytes (base64), got " + (key == null ? 0 : key.length));
        }
        this.id = id;
        this.key = key.clone();
    }

    public String id() {
        return id;
    }

    byte[] key() {
        return key;
    }

    @Override
    public String toString() {
        return "Kek[" + id + "]";
    }
}

package dev.slipway.secrets.crypto;

import java.util.Arrays;

/** The AES-256 key that encrypts the values of one application and environment. Never stored unwrapped. */
public final class DataKey implements AutoCloseable {

    private final byte[] key;

    DataKey(byte[] key) {
        if (key.length != AesGcm.KEY_BYTES) {
            throw new CryptoException("a data key has " + AesGcm.KEY_BYTES + " bytes");
        }
        this.key = key;
    }

    byte[] key() {
        return key;
    }

    /** Overwrites the key bytes. */
    @Override
    public void close() {
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public String toString() {
        return "DataKey[redacted]";
    }
}

package dev.slipway.backup.support;

import java.security.SecureRandom;

import dev.slipway.backup.crypto.EncryptionKey;
import dev.slipway.contracts.SecretValue;

/** Fresh random keys for tests. */
public final class Keys {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static EncryptionKey random(String id) {
        byte[] bytes = new byte[EncryptionKey.KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return new EncryptionKey(id, SecretValue.ofBytes(bytes));
    }

    private Keys() {
    }
}

package dev.slipway.secrets.crypto;

import java.security.SecureRandom;
import java.util.Arrays;

import dev.slipway.contracts.SecretValue;

/**
 * Envelope encryption. Each value is encrypted with AES-256-GCM under the data key of its application and
 * environment, with the {@link Binding} as associated data; each data key is wrapped by the active key-encryption key,
 * bound to its application and environment. Rotating the key-encryption key {@linkplain #rewrap rewraps} data keys
 * and never touches a value's ciphertext.
 */
public final class Envelope {

    private static final byte[] KEK_CHECK_TEXT = "slipway key-encryption key check".getBytes(
            java.nio.charset.StandardCharsets.US_ASCII);

    private final Keyring keyring;
    private final SecureRandom random;

    public Envelope(Keyring keyring, SecureRandom random) {
        this.keyring = keyring;
        this.random = random;
    }

    public Envelope(Keyring keyring) {
        this(keyring, new SecureRandom());
    }

    public Keyring keyring() {
        return keyring;
    }

    /** A fresh data key. */
    public DataKey newDataKey() {
        return new DataKey(AesGcm.newKey(random));
    }

    /** Wraps the data key of {@code app} in {@code environment} with the active key-encryption key. */
    public WrappedKey wrap(DataKey dataKey, String app, String environment) {
        return wrapBytes(dataKey.key(), AssociatedData.of(AssociatedData.DATA_KEY, app, environment));
    }

    /** Opens the data key of {@code app} in {@code environment} with the key-encryption key that wrapped it. */
    public DataKey unwrap(WrappedKey wrapped, String app, String environment) {
        return new DataKey(unwrapBytes(wrapped, AssociatedData.of(AssociatedData.DATA_KEY, app, environment),
                "the data key of " + app + "/" + environment));
    }

    /** Whether {@code wrapped} was wrapped by a key-encryption key other than the active one. */
    public boolean needsRewrap(WrappedKey wrapped) {
        return !wrapped.kekId().equals(keyring.active().id());
    }

    /** The same data key wrapped by the active key-encryption key. */
    public WrappedKey rewrap(WrappedKey wrapped, String app, String environment) {
        try (DataKey dataKey = unwrap(wrapped, app, environment)) {
            return wrap(dataKey, app, environment);
        }
    }

    /** Encrypts {@code value} for the place {@code binding} names. */
    public Ciphertext encrypt(DataKey dataKey, Binding binding, SecretValue value) {
        byte[] plaintext = value.revealBytes();
        try {
            return AesGcm.encrypt(dataKey.key(), plaintext, binding.associatedData(), random);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * Decrypts the value stored for {@code binding}.
     *
     * @throws CryptoException when the ciphertext was made for another place, or was changed
     */
    public SecretValue decrypt(DataKey dataKey, Binding binding, Ciphertext ciphertext) {
        byte[] plaintext = AesGcm.decrypt(dataKey.key(), ciphertext, binding.associatedData(),
                "the value of " + binding);
        try {
            return SecretValue.ofBytes(plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** A check value for {@code kek}: a fixed text encrypted under it, bound to its id. */
    public Ciphertext kekCheck(Kek kek) {
        return AesGcm.encrypt(kek.key(), KEK_CHECK_TEXT, AssociatedData.of(AssociatedData.KEK_CHECK, kek.id()),
                random);
    }

    /**
     * Whether {@code check} was made by {@link #kekCheck} with the key this keyring holds under that id.
     */
    public boolean kekMatches(Kek kek, Ciphertext check) {
        try {
            return java.security.MessageDigest.isEqual(KEK_CHECK_TEXT, AesGcm.decrypt(kek.key(), check,
                    AssociatedData.of(AssociatedData.KEK_CHECK, kek.id()), "check"));
        } catch (CryptoException e) {
            return false;
        }
    }

    /** Wraps other key material (the sealing private key) with the active key-encryption key. */
    WrappedKey wrapBytes(byte[] material, byte[] associatedData) {
        Kek kek = keyring.active();
        return new WrappedKey(kek.id(), AesGcm.encrypt(kek.key(), material, associatedData, random));
    }

    byte[] unwrapBytes(WrappedKey wrapped, byte[] associatedData, String what) {
        Kek kek = keyring.require(wrapped.kekId());
        return AesGcm.decrypt(kek.key(), wrapped.ciphertext(), associatedData, what);
    }

    SecureRandom random() {
        return random;
    }
}

package dev.slipway.secrets.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-256-GCM with a random 96-bit nonce and a 128-bit tag. */
public final class AesGcm {

    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BITS = 128;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    /** A fresh random AES-256 key. */
    public static byte[] newKey(SecureRandom random) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return key;
    }

    /** Encrypts under a fresh random nonce. */
    public static Ciphertext encrypt(byte[] key, byte[] plaintext, byte[] associatedData, SecureRandom random) {
        checkKey(key);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            return new Ciphertext(nonce, cipher.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-GCM encryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decrypts and authenticates.
     *
     * @throws CryptoException when the key, the associated data or any byte of the ciphertext is not the one it was
     *         sealed with
     */
    public static byte[] decrypt(byte[] key, Ciphertext ciphertext, byte[] associatedData, String what) {
        checkKey(key);
        if (ciphertext.nonce().length != NONCE_BYTES) {
            throw new CryptoException(what + " has a nonce of " + ciphertext.nonce().length + " bytes, expected "
                    + NONCE_BYTES);
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BITS, ciphertext.nonce()));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(ciphertext.bytes());
        } catch (AEADBadTagException e) {
            throw new CryptoException(what + " does not authenticate: wrong key, tampered ciphertext,"
                    + " or a ciphertext that belongs elsewhere");
        } catch (GeneralSecurityException e) {
            throw new CryptoException(what + " cannot be decrypted: " + e.getClass().getSimpleName(), e);
        }
    }

    private static void checkKey(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new CryptoException("an AES-256 key has " + KEY_BYTES + " bytes");
        }
    }

    private AesGcm() {
    }
}

package dev.slipway.gateway.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.slipway.contracts.SecretValue;
import dev.slipway.gateway.webhook.Signatures;

/**
 * Encrypts secrets at rest with the gateway's AES-256 key (AES-GCM, a random 96-bit nonce per value). The associated
 * data binds a ciphertext to the row it belongs to, so a ciphertext copied to another repository does not decrypt.
 * Stored form: version byte, nonce, ciphertext with its tag.
 */
public final class SecretBox {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final String keyId;
    private final SecureRandom random = new SecureRandom();

    private SecretBox(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the gateway key must be 32 bytes (AES-256), got " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
        this.keyId = HexFormat.of().formatHex(Signatures.sha256(key), 0, 8);
    }

    /** A box for a base64-encoded 32-byte key. */
    public static SecretBox ofBase64(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalArgumentException("no gateway key configured (slipway.gateway.secret-key)");
        }
        try {
            return new SecretBox(Base64.getDecoder().decode(base64Key.trim()));
        } catch (IllegalArgumentException e) {
            // The decoder's message may quote the input; never echo key material.
            throw new IllegalArgumentException("the gateway key is not valid base64 of 32 bytes");
        }
    }

    /** A short fingerprint of the key (never the key), stored next to each ciphertext for rotation. */
    public String keyId() {
        return keyId;
    }

    public byte[] encrypt(SecretValue secret, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.revealBytes());
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * @throws IllegalStateException when the ciphertext was not made by this key for {@code associatedData}
     */
    public SecretValue decrypt(byte[] stored, String associatedData) {
        if (stored.length < 1 + NONCE_BYTES + TAG_BITS / 8 || stored[0] != VERSION) {
            throw new IllegalStateException("not a sealed secret of this gateway");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return SecretValue.ofBytes(cipher.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES));
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("the sealed secret does not open with this gateway key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }
}

package dev.slipway.contracts.sealing;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

import dev.slipway.contracts.SecretValue;

/**
 * Seals values with Slipway's public sealing key, offline, in the {@link Sealed} format: anyone holding the public key
 * can seal; only secrets-service, holding the private key, can open. Pure JDK cryptography.
 */
public final class Sealer {

    /** The RSA transformation that wraps the session key; its parameters are {@link #oaepParameters()}. */
    public static final String RSA_OAEP = "RSA/ECB/OAEPPadding";
    /** The smallest RSA key this sealer accepts. Slipway generates 4096-bit sealing keys. */
    public static final int MIN_RSA_BITS = 2048;
    private static final String AES_GCM = "AES/GCM/NoPadding";
    private static final int SESSION_KEY_BYTES = 32;

    private final PublicKey publicKey;
    private final String keyId;

    private Sealer(PublicKey publicKey) {
        if (!(publicKey instanceof RSAPublicKey rsa)) {
            throw new SealingException("the sealing key must be an RSA public key");
        }
        if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new SealingException("the sealing key must have at least " + MIN_RSA_BITS + " bits, it has "
                    + rsa.getModulus().bitLength());
        }
        this.publicKey = publicKey;
        this.keyId = fingerprint(publicKey);
    }

    /** A sealer for {@code publicKey}. */
    public static Sealer of(PublicKey publicKey) {
        return new Sealer(publicKey);
    }

    /** A sealer for the key in a PEM {@code PUBLIC KEY} block, as {@code GET /api/sealing-key} serves it. */
    public static Sealer fromPem(String pem) {
        return new Sealer(readPublicPem(pem));
    }

    /** OAEP with SHA-256 and MGF1 with SHA-256, for both sealing and opening. */
    public static OAEPParameterSpec oaepParameters() {
        return new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
    }

    /** Reads a PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo) block holding an RSA key. */
    public static PublicKey readPublicPem(String pem) {
        if (pem == null || !pem.contains("-----BEGIN PUBLIC KEY-----")) {
            throw new SealingException("not a PEM RSA public key: no BEGIN PUBLIC KEY block");
        }
        String body = pem.substring(pem.indexOf("-----BEGIN PUBLIC KEY-----") + "-----BEGIN PUBLIC KEY-----".length());
        int end = body.indexOf("-----END PUBLIC KEY-----");
        if (end < 0) {
            throw new SealingException("not a PEM RSA public key: no END PUBLIC KEY line");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(body.substring(0, end).replaceAll("\\s", ""))));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new SealingException("not a PEM RSA public key", e);
        }
    }

    /** The id that names a sealing key: the first 16 hex digits of SHA-256 over its encoded public key. */
    public static String fingerprint(PublicKey publicKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The id of the key this sealer seals with. */
    public String keyId() {
        return keyId;
    }

    /** Seals {@code value} for {@code key} of {@code app} in {@code environment}, as {@code v1:<key id>:<base64>}. */
    public String seal(String app, String environment, String key, SecretValue value) {
        return seal(app, environment, key, value, new SecureRandom());
    }

    /** {@link #seal(String, String, String, SecretValue)} with the given source of randomness. */
    public String seal(String app, String environment, String key, SecretValue value, SecureRandom random) {
        byte[] associatedData = Sealed.associatedData(app, environment, key);
        byte[] sessionKey = new byte[SESSION_KEY_BYTES];
        byte[] nonce = new byte[Sealed.NONCE_BYTES];
        random.nextBytes(sessionKey);
        random.nextBytes(nonce);
        byte[] plaintext = value.revealBytes();
        try {
            Cipher rsa = Cipher.getInstance(RSA_OAEP);
            rsa.init(Cipher.ENCRYPT_MODE, publicKey, oaepParameters(), random);
            byte[] wrappedKey = rsa.doFinal(sessionKey);
            Cipher aes = Cipher.getInstance(AES_GCM);
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sessionKey, "AES"),
                    new GCMParameterSpec(Sealed.TAG_BITS, nonce));
            aes.updateAAD(associatedData);
            return new Sealed(keyId, wrappedKey, nonce, aes.doFinal(plaintext)).text();
        } catch (GeneralSecurityException e) {
            throw new SealingException("cannot seal: " + e.getClass().getSimpleName(), e);
        } finally {
            Arrays.fill(sessionKey, (byte) 0);
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "Sealer[" + keyId + "]";
    }
}

package dev.slipway.secrets.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;

import dev.slipway.contracts.SecretValue;
import dev.slipway.contracts.sealing.Sealed;
import dev.slipway.contracts.sealing.Sealer;
import dev.slipway.contracts.sealing.SealingException;

/**
 * The RSA key pair that lets teams commit sealed values to git. Anyone may seal with the public key; only Slipway,
 * holding the private key wrapped by its key-encryption key, can open a sealed value.
 *
 * <p>
 * A sealed value is {@code v1:<key id>:<base64>}, defined once in contracts ({@link Sealed}, written by
 * {@link Sealer}, which clients such as the {@code slipway seal} command use offline): RSA-OAEP (SHA-256, MGF1 with
 * SHA-256) wraps a fresh AES-256 session key, and AES-256-GCM encrypts the value with the application, environment
 * and key as associated data, so a value sealed for one application does not open for another.
 */
public final class SealingKey {

    public static final int RSA_BITS = 4096;

    private final String id;
    private final PublicKey publicKey;
    private final PrivateKey privateKey;

    private SealingKey(PublicKey publicKey, PrivateKey privateKey) {
        this.id = fingerprint(publicKey);
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    /** A new {@value #RSA_BITS}-bit key pair. Takes a second or more. */
    public static SealingKey generate(SecureRandom random) {
        return generate(random, RSA_BITS);
    }

    static SealingKey generate(SecureRandom random, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), random);
            KeyPair pair = generator.generateKeyPair();
            return new SealingKey(pair.getPublic(), pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new CryptoException("cannot generate the sealing key pair", e);
        }
    }

    /** Opens a stored key pair: the public key in PEM and the private key wrapped by a key-encryption key. */
    public static SealingKey open(String publicPem, WrappedKey wrappedPrivate, Envelope envelope) {
        PublicKey publicKey = readPublicPem(publicPem);
        String id = fingerprint(publicKey);
        byte[] pkcs8 = envelope.unwrapBytes(wrappedPrivate, AssociatedData.of(AssociatedData.SEALING_KEY, id),
                "the sealing private key " + id);
        try {
            PrivateKey privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new SealingKey(publicKey, privateKey);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("the sealing private key " + id + " is not an RSA key", e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /**
     * Imports an existing key pair from its PKCS#8 PEM {@code PRIVATE KEY} block, so a sealing key can move between
     * installations and teams' sealed values stay valid.
     */
    public static SealingKey fromPrivatePem(String pem) {
        String body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        byte[] pkcs8;
        try {
            pkcs8 = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new CryptoException("the sealing private key is not a PEM PRIVATE KEY block");
        }
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            if (privateKey.getModulus().bitLength() < RSA_BITS) {
                throw new CryptoException("the sealing key must have at least " + RSA_BITS + " bits, it has "
                        + privateKey.getModulus().bitLength());
            }
            PublicKey publicKey = factory.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(),
                    privateKey.getPublicExponent()));
            return new SealingKey(publicKey, privateKey);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new CryptoException("the sealing private key is not a PKCS#8 RSA key");
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /** The private key wrapped by the active key-encryption key, bound to this key's id. */
    public WrappedKey wrapPrivate(Envelope envelope) {
        byte[] pkcs8 = privateKey.getEncoded();
        try {
            return envelope.wrapBytes(pkcs8, AssociatedData.of(AssociatedData.SEALING_KEY, id));
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /** The short fingerprint that names a sealing key: the first 16 hex digits of SHA-256 over its public key. */
    public static String fingerprint(PublicKey publicKey) {
        return Sealer.fingerprint(publicKey);
    }

    public String id() {
        return id;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The public key as a PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo) block. */
    public String publicPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(publicKey.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** Reads a PEM {@code PUBLIC KEY} block. */
    public static PublicKey readPublicPem(String pem) {
        try {
            return Sealer.readPublicPem(pem);
        } catch (SealingException e) {
            throw new CryptoException("not a PEM RSA public key", e);
        }
    }

    /**
     * Seals {@code value} for {@code key} of {@code app} in {@code environment}, as a team does before committing it.
     */
    public static String seal(PublicKey publicKey, String app, String environment, String key, SecretValue value,
            SecureRandom random) {
        try {
            return Sealer.of(publicKey).seal(app, environment, key, value, random);
        } catch (SealingException e) {
            throw new CryptoException(e.getMessage(), e);
        }
    }

    /**
     * Opens a value sealed for {@code key} of {@code app} in {@code environment}.
     *
     * @throws CryptoException when it was sealed for another place or another sealing key, or was changed
     */
    public SecretValue unseal(String sealed, String app, String environment, String key) {
        Sealed parsed;
        byte[] associatedData;
        try {
            String keyId = Sealed.keyIdOf(sealed);
            if (!id.equals(keyId)) {
                throw new CryptoException("the value was sealed with sealing key " + sanitize(keyId)
                        + ", not with this service's key " + id + "; seal it again with GET /api/sealing-key");
            }
            parsed = Sealed.parse(sealed);
            associatedData = Sealed.associatedData(app, environment, key);
        } catch (SealingException e) {
            throw new CryptoException(e.getMessage());
        }
        if (parsed.wrappedKey().length != (((RSAKey) privateKey).getModulus().bitLength() + 7) / 8) {
            throw new CryptoException("the sealed value is truncated or malformed");
        }
        byte[] sessionKey = null;
        try {
            Cipher rsa = Cipher.getInstance(Sealer.RSA_OAEP);
            rsa.init(Cipher.DECRYPT_MODE, privateKey, Sealer.oaepParameters());
            sessionKey = rsa.doFinal(parsed.wrappedKey());
            byte[] plaintext = AesGcm.decrypt(sessionKey, new Ciphertext(parsed.nonce(), parsed.ciphertext()),
                    associatedData, "the value sealed for " + app + "/" + environment + "/" + key);
            try {
                return SecretValue.ofBytes(plaintext);
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new CryptoException("the sealed value's session key does not open with this sealing key");
        } finally {
            if (sessionKey != null) {
                Arrays.fill(sessionKey, (byte) 0);
            }
        }
    }

    private static String sanitize(String text) {
        String clean = text.replaceAll("[^A-Za-z0-9]", "?");
        return clean.length() > 16 ? clean.substring(0, 16) + "..." : clean;
    }

    @Override
    public String toString() {
        return "SealingKey[" + id + "]";
    }
}

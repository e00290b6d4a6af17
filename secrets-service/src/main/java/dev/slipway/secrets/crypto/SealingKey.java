package dev.slipway.secrets.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

import dev.slipway.contracts.SecretValue;

/**
 * The RSA key pair that lets teams commit sealed values to git. Anyone may seal with the public key; only Slipway,
 * holding the private key wrapped by its key-encryption key, can open a sealed value.
 *
 * <p>
 * A sealed value is {@code v1:<key id>:<base64>}, the base64 text holding a two-byte length, the RSA-OAEP (SHA-256,
 * MGF1 with SHA-256) encryption of a fresh AES-256 session key, the 12-byte nonce, and the AES-256-GCM ciphertext of
 * the value with the application, environment and key as associated data: a value sealed for one application does not
 * open for another.
 */
public final class SealingKey {

    public static final int RSA_BITS = 4096;
    static final String VERSION = "v1";
    private static final String RSA_OAEP = "RSA/ECB/OAEPPadding";
    private static final OAEPParameterSpec OAEP_SHA256 = new OAEPParameterSpec("SHA-256", "MGF1",
            MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

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
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
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
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
                    .decode(body)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new CryptoException("not a PEM RSA public key", e);
        }
    }

    /**
     * Seals {@code value} for {@code key} of {@code app} in {@code environment}, as a team does before committing it.
     */
    public static String seal(PublicKey publicKey, String app, String environment, String key, SecretValue value,
            SecureRandom random) {
        byte[] sessionKey = AesGcm.newKey(random);
        byte[] plaintext = value.revealBytes();
        try {
            Cipher rsa = Cipher.getInstance(RSA_OAEP);
            rsa.init(Cipher.ENCRYPT_MODE, publicKey, OAEP_SHA256, random);
            byte[] wrappedSession = rsa.doFinal(sessionKey);
            Ciphertext body = AesGcm.encrypt(sessionKey, plaintext, sealedAssociatedData(app, environment, key),
                    random);
            ByteBuffer out = ByteBuffer.allocate(2 + wrappedSession.length + AesGcm.NONCE_BYTES
                    + body.bytes().length);
            out.putShort((short) wrappedSession.length).put(wrappedSession).put(body.nonce()).put(body.bytes());
            return VERSION + ":" + fingerprint(publicKey) + ":" + Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new CryptoException("cannot seal: " + e.getClass().getSimpleName(), e);
        } finally {
            Arrays.fill(sessionKey, (byte) 0);
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * Opens a value sealed for {@code key} of {@code app} in {@code environment}.
     *
     * @throws CryptoException when it was sealed for another place or another sealing key, or was changed
     */
    public SecretValue unseal(String sealed, String app, String environment, String key) {
        String[] parts = sealed == null ? new String[0] : sealed.strip().split(":", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new CryptoException("a sealed value reads v1:<key id>:<base64>");
        }
        if (!id.equals(parts[1])) {
            throw new CryptoException("the value was sealed with sealing key " + sanitize(parts[1])
                    + ", not with this service's key " + id + "; seal it again with GET /api/sealing-key");
        }
        byte[] sessionKey = null;
        try {
            ByteBuffer in = ByteBuffer.wrap(Base64.getDecoder().decode(parts[2]));
            int wrappedLength = Short.toUnsignedInt(in.getShort());
            if (wrappedLength != (((RSAKey) privateKey).getModulus().bitLength() + 7) / 8
                    || in.remaining() < wrappedLength + AesGcm.NONCE_BYTES
                            + AesGcm.TAG_BITS / 8) {
                throw new CryptoException("the sealed value is truncated or malformed");
            }
            byte[] wrappedSession = new byte[wrappedLength];
            in.get(wrappedSession);
            byte[] nonce = new byte[AesGcm.NONCE_BYTES];
            in.get(nonce);
            byte[] body = new byte[in.remaining()];
            in.get(body);
            Cipher rsa = Cipher.getInstance(RSA_OAEP);
            rsa.init(Cipher.DECRYPT_MODE, privateKey, OAEP_SHA256);
            sessionKey = rsa.doFinal(wrappedSession);
            byte[] plaintext = AesGcm.decrypt(sessionKey, new Ciphertext(nonce, body),
                    sealedAssociatedData(app, environment, key),
                    "the value sealed for " + app + "/" + environment + "/" + key);
            try {
                return SecretValue.ofBytes(plaintext);
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
            throw new CryptoException("the sealed value is not valid base64 or is truncated");
        } catch (GeneralSecurityException e) {
            throw new CryptoException("the sealed value's session key does not open with this sealing key");
        } finally {
            if (sessionKey != null) {
                Arrays.fill(sessionKey, (byte) 0);
            }
        }
    }

    private static byte[] sealedAssociatedData(String app, String environment, String key) {
        return AssociatedData.of(AssociatedData.SEALED, app, environment, key);
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

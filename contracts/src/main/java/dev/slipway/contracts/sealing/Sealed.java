package dev.slipway.contracts.sealing;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A sealed value as teams commit it to git: {@code v1:<sealing key id>:<base64>}. The base64 text holds a two-byte
 * big-endian length, the RSA-OAEP (SHA-256, MGF1 with SHA-256) encryption of a fresh AES-256 session key, the 12-byte
 * GCM nonce, and the AES-256-GCM ciphertext (with its 16-byte tag) of the value, whose associated data is
 * {@link #associatedData(String, String, String)}: a value sealed for one application, environment or key does not
 * open for another.
 *
 * <p>
 * {@link Sealer} writes this format; secrets-service opens it with the private half of the sealing key.
 *
 * @param keyId the sealing key's id: the first 16 hex digits of SHA-256 over its SubjectPublicKeyInfo
 * @param wrappedKey the RSA-OAEP encryption of the session key
 * @param nonce the AES-GCM nonce
 * @param ciphertext the AES-GCM ciphertext and tag
 */
public record Sealed(String keyId, byte[] wrappedKey, byte[] nonce, byte[] ciphertext) {

    /** The format's version, the first part of the text. */
    public static final String VERSION = "v1";
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BITS = 128;
    /** The purpose written first into the associated data, so a sealed value's ciphertext passes for nothing else. */
    static final String PURPOSE = "slipway/sealed/v1";

    public Sealed {
        Objects.requireNonNull(keyId, "keyId");
        if (wrappedKey.length == 0 || wrappedKey.length > 0xFFFF) {
            throw new SealingException("the wrapped session key must have 1 to 65535 bytes");
        }
        if (nonce.length != NONCE_BYTES) {
            throw new SealingException("the nonce must have " + NONCE_BYTES + " bytes");
        }
        if (ciphertext.length < TAG_BITS / 8) {
            throw new SealingException("the ciphertext is shorter than its tag");
        }
        wrappedKey = wrappedKey.clone();
        nonce = nonce.clone();
        ciphertext = ciphertext.clone();
    }

    /** The text to commit: {@code v1:<key id>:<base64>}. */
    public String text() {
        ByteBuffer out = ByteBuffer.allocate(2 + wrappedKey.length + nonce.length + ciphertext.length);
        out.putShort((short) wrappedKey.length).put(wrappedKey).put(nonce).put(ciphertext);
        return VERSION + ":" + keyId + ":" + Base64.getEncoder().encodeToString(out.array());
    }

    /**
     * The sealing key id a text names, checking only its outline ({@code v1:<key id>:...}), so that a value sealed
     * with another key is reported as such before its body is read.
     *
     * @throws SealingException when the text is not {@code v1:<key id>:<base64>}
     */
    public static String keyIdOf(String text) {
        return split(text)[1];
    }

    /**
     * Reads a sealed value.
     *
     * @throws SealingException when the text is not a whole sealed value; the message never quotes the text
     */
    public static Sealed parse(String text) {
        String[] parts = split(text);
        try {
            ByteBuffer in = ByteBuffer.wrap(Base64.getDecoder().decode(parts[2]));
            int wrappedLength = Short.toUnsignedInt(in.getShort());
            if (wrappedLength == 0 || in.remaining() < wrappedLength + NONCE_BYTES + TAG_BITS / 8) {
                throw new SealingException("the sealed value is truncated or malformed");
            }
            byte[] wrapped = new byte[wrappedLength];
            in.get(wrapped);
            byte[] nonce = new byte[NONCE_BYTES];
            in.get(nonce);
            byte[] body = new byte[in.remaining()];
            in.get(body);
            return new Sealed(parts[1], wrapped, nonce, body);
        } catch (IllegalArgumentException | BufferUnderflowException e) {
            throw new SealingException("the sealed value is not valid base64 or is truncated");
        }
    }

    /**
     * The AES-GCM associated data of a value sealed for {@code key} of {@code app} in {@code environment}: the purpose
     * and each part, each as a four-byte big-endian length and its UTF-8 bytes, so {@code ("ab", "c")} and
     * {@code ("a", "bc")} never encode alike.
     */
    public static byte[] associatedData(String app, String environment, String key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : new String[]{PURPOSE, app, environment, key}) {
            if (part == null) {
                throw new SealingException("a sealed value needs an application, an environment and a key");
            }
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static String[] split(String text) {
        String[] parts = text == null ? new String[0] : text.strip().split(":", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0]) || parts[1].isEmpty()) {
            throw new SealingException("a sealed value reads " + VERSION + ":<key id>:<base64>");
        }
        return parts;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sealed that && keyId.equals(that.keyId) && Arrays.equals(wrappedKey, that.wrappedKey)
                && Arrays.equals(nonce, that.nonce) && Arrays.equals(ciphertext, that.ciphertext);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, Arrays.hashCode(wrappedKey), Arrays.hashCode(nonce), Arrays.hashCode(ciphertext));
    }

    @Override
    public String toString() {
        return "Sealed[" + keyId + ", " + ciphertext.length + " bytes]";
    }
}

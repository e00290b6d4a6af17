package dev.slipway.backup.crypto;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The layout of an encrypted backup: a header, then the plaintext cut into chunks, each sealed with AES-256-GCM.
 *
 * <pre>
 * header: "SLPWBK" | version (1) | key id length (1) | key id (UTF-8) | chunk size (4, big-endian) | salt (16)
 * chunk:  AES-256-GCM(stream key, nonce, plaintext chunk, aad = header) = ciphertext | 16-byte tag
 * stream key = HMAC-SHA256(key, "slipway-backup-v1" | salt)
 * nonce      = 7 zero bytes | chunk index (4, big-endian) | 1 for the last chunk, else 0
 * </pre>
 *
 * <p>
 * A fresh random salt per backup gives every backup its own key, so chunk indexes can serve as nonces. The header is
 * authenticated with every chunk, the index stops reordering, and the last-chunk flag stops truncation: a stream cut
 * at a chunk boundary has no chunk sealed as last. Every chunk but the last holds exactly {@code chunk size} plaintext
 * bytes; the last holds 0 to {@code chunk size}.
 */
final class StreamFormat {

    static final byte[] MAGIC = "SLPWBK".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int SALT_BYTES = 16;
    static final int TAG_BYTES = 16;
    static final int NONCE_BYTES = 12;
    static final int MIN_CHUNK = 1024;
    static final int MAX_CHUNK = 16 * 1024 * 1024;
    private static final byte[] INFO = "slipway-backup-v1".getBytes(StandardCharsets.US_ASCII);

    /** The parsed header; {@code bytes} is its exact encoding, the associated data of every chunk. */
    record Header(String keyId, int chunkSize, byte[] salt, byte[] bytes) {
    }

    static Header header(String keyId, int chunkSize, byte[] salt) {
        byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(MAGIC.length + 2 + id.length + 4 + SALT_BYTES);
        buffer.put(MAGIC).put((byte) VERSION).put((byte) id.length).put(id).putInt(chunkSize).put(salt);
        return new Header(keyId, chunkSize, salt.clone(), buffer.array());
    }

    static Header readHeader(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try {
            byte[] magic = new byte[MAGIC.length];
            data.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new BackupIntegrityException("not an encrypted Slipway backup (unknown header)");
            }
            int version = data.readUnsignedByte();
            if (version != VERSION) {
                throw new BackupIntegrityException("unsupported backup format version " + version);
            }
            int idLength = data.readUnsignedByte();
            byte[] id = new byte[idLength];
            data.readFully(id);
            int chunkSize = data.readInt();
            if (chunkSize < MIN_CHUNK || chunkSize > MAX_CHUNK) {
                throw new BackupIntegrityException("implausible chunk size " + chunkSize + " in backup header");
            }
            byte[] salt = new byte[SALT_BYTES];
            data.readFully(salt);
            raw.write(magic);
            raw.write(version);
            raw.write(idLength);
            raw.write(id);
            raw.write(ByteBuffer.allocate(4).putInt(chunkSize).array());
            raw.write(salt);
            return new Header(new String(id, StandardCharsets.UTF_8), chunkSize, salt, raw.toByteArray());
        } catch (EOFException e) {
            throw new BackupIntegrityException("backup is cut short inside its header", e);
        }
    }

    static SecretKeySpec streamKey(EncryptionKey key, byte[] salt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] material = key.material().revealBytes();
            try {
                mac.init(new SecretKeySpec(material, "HmacSHA256"));
            } finally {
                Arrays.fill(material, (byte) 0);
            }
            mac.update(INFO);
            mac.update(salt);
            return new SecretKeySpec(mac.doFinal(), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    static GCMParameterSpec nonce(long index, boolean last) {
        if (index > 0xFFFF_FFFFL) {
            throw new IllegalStateException("backup too large: more than 2^32 chunks");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        ByteBuffer.wrap(nonce, 7, 5).putInt((int) index).put((byte) (last ? 1 : 0));
        return new GCMParameterSpec(TAG_BYTES * 8, nonce);
    }

    static Cipher cipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available", e);
        }
    }

    private StreamFormat() {
    }
}

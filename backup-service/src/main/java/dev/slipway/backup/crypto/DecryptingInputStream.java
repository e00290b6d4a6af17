package dev.slipway.backup.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads a backup written by {@link EncryptingOutputStream}, yielding plaintext one authenticated chunk at a time. Any
 * change to the bytes, a stream cut short or a wrong key raises {@link BackupIntegrityException}; no byte of an
 * unauthenticated chunk is ever returned.
 */
public final class DecryptingInputStream extends InputStream {

    private final InputStream in;
    private final StreamFormat.Header header;
    private final SecretKeySpec streamKey;
    private final Cipher cipher = StreamFormat.cipher();
    private final byte[] sealed;
    private int lookahead = -1;
    private byte[] plain = new byte[0];
    private int position;
    private long index;
    private boolean done;

    /**
     * Reads the header and picks the key it names from {@code keyring}.
     *
     * @throws BackupIntegrityException when the header is not a backup header or names an unknown key
     */
    public DecryptingInputStream(InputStream in, Keyring keyring) throws IOException {
        this.in = in;
        this.header = StreamFormat.readHeader(in);
        EncryptionKey key = keyring.find(header.keyId()).orElseThrow(() -> new BackupIntegrityException(
                "backup is encrypted with key '" + header.keyId() + "', which is not configured"));
        this.streamKey = StreamFormat.streamKey(key, header.salt());
        this.sealed = new byte[header.chunkSize() + StreamFormat.TAG_BYTES];
    }

    /** The id of the key the backup was encrypted with. */
    public String keyId() {
        return header.keyId();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == plain.length) {
            if (done) {
                return -1;
            }
            openNextChunk();
        }
        int n = Math.min(length, plain.length - position);
        System.arraycopy(plain, position, bytes, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return plain.length - position;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void openNextChunk() throws IOException {
        int length = 0;
        if (lookahead >= 0) {
            sealed[length++] = (byte) lookahead;
            lookahead = -1;
        }
        length += in.readNBytes(sealed, length, sealed.length - length);
        boolean last;
        if (length < sealed.length) {
            last = true;
        } else {
            // A full-size chunk is the last one only if nothing follows it.
            lookahead = in.read();
            last = lookahead < 0;
        }
        if (length < StreamFormat.TAG_BYTES) {
            throw new BackupIntegrityException("backup is cut short: chunk " + index + " is incomplete");
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, streamKey, StreamFormat.nonce(index, last));
            cipher.updateAAD(header.bytes());
            plain = cipher.doFinal(sealed, 0, length);
        } catch (AEADBadTagException e) {
            throw new BackupIntegrityException("backup chunk " + index
                    + " failed authentication: the object was changed, cut short or encrypted with another key");
        } catch (GeneralSecurityException e) {
            throw new BackupIntegrityException("cannot decrypt backup chunk " + index, e);
        }
        position = 0;
        index++;
        done = last;
    }
}

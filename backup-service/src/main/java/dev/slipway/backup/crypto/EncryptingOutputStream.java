package dev.slipway.backup.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts what is written to it in the {@link StreamFormat chunked AES-256-GCM format} and writes the result to the
 * underlying stream. Holds one chunk of plaintext in memory. {@link #close()} seals the last chunk and closes the
 * underlying stream; until then the output is not a complete backup.
 */
public final class EncryptingOutputStream extends OutputStream {

    /** One mebibyte: large enough that the 16-byte tags cost nothing, small enough to hold in memory. */
    public static final int DEFAULT_CHUNK_SIZE = 1024 * 1024;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final OutputStream out;
    private final StreamFormat.Header header;
    private final SecretKeySpec streamKey;
    private final Cipher cipher = StreamFormat.cipher();
    private final byte[] buffer;
    private int filled;
    private long index;
    private boolean closed;

    public EncryptingOutputStream(OutputStream out, EncryptionKey key) throws IOException {
        this(out, key, DEFAULT_CHUNK_SIZE);
    }

    public EncryptingOutputStream(OutputStream out, EncryptionKey key, int chunkSize) throws IOException {
        if (chunkSize < StreamFormat.MIN_CHUNK || chunkSize > StreamFormat.MAX_CHUNK) {
            throw new IllegalArgumentException("chunk size must be between " + StreamFormat.MIN_CHUNK + " and "
                    + StreamFormat.MAX_CHUNK + " bytes");
        }
        this.out = out;
        byte[] salt = new byte[StreamFormat.SALT_BYTES];
        RANDOM.nextBytes(salt);
        this.header = StreamFormat.header(key.id(), chunkSize, salt);
        this.streamKey = StreamFormat.streamKey(key, salt);
        this.buffer = new byte[chunkSize];
        out.write(header.bytes());
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("stream is closed");
        }
        while (length > 0) {
            // A full buffer is sealed only once more data arrives: until then it may be the last chunk.
            if (filled == buffer.length) {
                seal(false);
            }
            int n = Math.min(length, buffer.length - filled);
            System.arraycopy(bytes, offset, buffer, filled, n);
            filled += n;
            offset += n;
            length -= n;
        }
    }

    /** Flushes the underlying stream; the buffered chunk stays until it is full or the stream is closed. */
    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            seal(true);
        } finally {
            out.close();
        }
    }

    private void seal(boolean last) throws IOException {
        byte[] sealed;
        try {
            cipher.init(Cipher.ENCRYPT_MODE, streamKey, StreamFormat.nonce(index, last));
            cipher.updateAAD(header.bytes());
            sealed = cipher.doFinal(buffer, 0, filled);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encrypt backup chunk " + index, e);
        }
        out.write(sealed);
        index++;
        filled = 0;
    }
}

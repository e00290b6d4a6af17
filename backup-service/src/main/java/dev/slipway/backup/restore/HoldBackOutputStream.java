package dev.slipway.backup.restore;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes bytes on, always keeping the last {@code capacity} of them back until {@link #release()}: whoever reads the
 * other end cannot reach the end of the stream before the writer has decided it may.
 */
final class HoldBackOutputStream extends OutputStream {

    private final OutputStream out;
    private final byte[] held;
    private int count;

    HoldBackOutputStream(OutputStream out, int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.out = out;
        this.held = new byte[capacity];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int excess = count + length - held.length;
        if (excess > 0) {
            // The oldest bytes go out: first what is held, then the front of the new bytes.
            int fromHeld = Math.min(excess, count);
            if (fromHeld > 0) {
                out.write(held, 0, fromHeld);
                System.arraycopy(held, fromHeld, held, 0, count - fromHeld);
                count -= fromHeld;
            }
            int fromNew = excess - fromHeld;
            if (fromNew > 0) {
                out.write(bytes, offset, fromNew);
                offset += fromNew;
                length -= fromNew;
            }
        }
        System.arraycopy(bytes, offset, held, count, length);
        count += length;
    }

    /** How many bytes are held back. */
    int held() {
        return count;
    }

    /** Writes what is held back and flushes. */
    void release() throws IOException {
        out.write(held, 0, count);
        count = 0;
        out.flush();
    }

    /** Closes the stream underneath without writing what is held back. */
    void closeQuietly() {
        try {
            out.close();
        } catch (IOException e) {
            // the reader has gone already
        }
    }

    /** Closes without releasing: what is held back is dropped. */
    @Override
    public void close() {
        closeQuietly();
    }
}

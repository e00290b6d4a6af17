package dev.slipway.backup.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Small values (a census) sealed in the same format as the backups they describe. */
public final class Sealed {

    public static byte[] seal(byte[] plain, EncryptionKey key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EncryptingOutputStream encrypting = new EncryptingOutputStream(out, key, StreamFormat.MIN_CHUNK * 64)) {
            encrypting.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot seal in memory", e);
        }
        return out.toByteArray();
    }

    /**
     * @throws BackupIntegrityException when the bytes were changed or the key is unknown
     */
    public static byte[] open(byte[] sealed, Keyring keyring) throws IOException {
        try (DecryptingInputStream in = new DecryptingInputStream(new ByteArrayInputStream(sealed), keyring)) {
            return in.readAllBytes();
        }
    }

    private Sealed() {
    }
}

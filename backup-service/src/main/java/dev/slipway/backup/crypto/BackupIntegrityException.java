package dev.slipway.backup.crypto;

import java.io.IOException;

/**
 * An encrypted backup did not authenticate: a byte was changed, the stream was cut short, extended or reordered, or it
 * was written with another key. Nothing read from it before this exception may be trusted.
 */
public class BackupIntegrityException extends IOException {

    public BackupIntegrityException(String message) {
        super(message);
    }

    public BackupIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.slipway.backup.storage;

import java.io.IOException;

/** The bucket did not answer or refused a request. */
public class StorageException extends IOException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}

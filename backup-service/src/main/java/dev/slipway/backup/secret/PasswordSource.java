package dev.slipway.backup.secret;

import dev.slipway.backup.BackupException;
import dev.slipway.contracts.SecretValue;

/** Fetches a database password when a backup needs it, and not before. */
public interface PasswordSource {

    /**
     * @throws BackupException {@code PASSWORD_UNAVAILABLE} when it cannot be read
     */
    SecretValue password(PasswordRef ref) throws BackupException;
}

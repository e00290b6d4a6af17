package dev.slipway.backup.restore;

/**
 * A restore that would overwrite data nobody explicitly agreed to lose, or that collides with another restore into the
 * same database. Nothing was changed.
 */
public class RestoreRefusedException extends Exception {

    public RestoreRefusedException(String message) {
        super(message);
    }
}

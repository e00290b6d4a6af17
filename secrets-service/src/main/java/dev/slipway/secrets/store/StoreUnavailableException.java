package dev.slipway.secrets.store;

import java.sql.SQLException;

/** The secrets database did not answer or refused; nothing was changed. May succeed later. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String doing, SQLException cause) {
        // SQL state and class only: a driver message may quote parameters.
        super("the secrets database is unavailable while " + doing + " (SQL state " + cause.getSQLState() + ", "
                + cause.getClass().getSimpleName() + "); nothing was changed", cause);
    }
}

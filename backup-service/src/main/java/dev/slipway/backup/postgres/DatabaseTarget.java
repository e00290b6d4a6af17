package dev.slipway.backup.postgres;

import java.util.Objects;

import dev.slipway.contracts.SecretValue;

/**
 * How to reach one PostgreSQL database. The password is a {@link SecretValue}: it prints as redacted and reaches
 * {@code pg_dump} only through its environment.
 */
public record DatabaseTarget(String host, int port, String database, String user, SecretValue password) {

    public DatabaseTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
        }
    }

    /** The same server and login, another database. */
    public DatabaseTarget withDatabase(String other) {
        return new DatabaseTarget(host, port, other, user, password);
    }

    /** {@code user@host:port/database}, for messages. */
    public String describe() {
        return user + "@" + host + ":" + port + "/" + database;
    }
}

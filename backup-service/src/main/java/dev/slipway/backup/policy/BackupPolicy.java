package dev.slipway.backup.policy;

import java.util.Objects;

import dev.slipway.contracts.spec.DatabaseSpec;

/**
 * What to back up, when, and for how long to keep it: an application's database as its spec describes it, or a
 * database outside any application from static configuration.
 *
 * @param app the application, or the static policy's name; backups are filed under it
 * @param namespace the namespace whose {@code <app>-secrets} Secret holds the password, or null for a static policy
 * @param database where the database is, its schedule, retention and verification
 * @param source where the policy came from
 */
public record BackupPolicy(String app, String namespace, DatabaseSpec database, Source source) {

    public enum Source {
        /** Learned from the spec in {@code chart-published}; the password is in the application's Secret. */
        APP,
        /** From backup-service's configuration; so is the password. */
        STATIC
    }

    public BackupPolicy {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(source, "source");
    }

    /** {@code app/database}, the identity of the policy. */
    public String id() {
        return app + "/" + database.name();
    }

    /** The Secret an application keeps its password in. */
    public static String secretName(String app) {
        return app + "-secrets";
    }
}

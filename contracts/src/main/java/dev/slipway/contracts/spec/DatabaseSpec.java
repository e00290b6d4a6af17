package dev.slipway.contracts.spec;

/**
 * The application's PostgreSQL database, backed up by backup-service.
 *
 * @param host the host, as reachable from Slipway
 * @param port the port
 * @param name the database name
 * @param user the user pg_dump logs in as
 * @param passwordSecret the key in the application's Secret that holds the password
 * @param schedule a five-field cron expression for scheduled backups, or null for none
 * @param retentionDays how long backups are kept
 * @param verify when backups are proven by a restore drill
 * @param probeQuery a query run against the restored copy that must return at least one row, or null
 */
public record DatabaseSpec(
        String host,
        int port,
        String name,
        String user,
        String passwordSecret,
        String schedule,
        int retentionDays,
        Verify verify,
        String probeQuery) {

    public enum Verify {
        /** Every backup is restored into a scratch database. */
        EVERY,
        /** The first backup of each day is. */
        DAILY
    }
}

package dev.slipway.backup.storage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where backups live in the bucket:
 * {@code <prefix><app>/<database>/<yyyy>/<MM>/<dd>/<HHmmss>Z-<run>.dump.enc}, with the drill result and the source's
 * census beside it. Keys sort by time within a database, so a listing reads as a history.
 */
public final class BackupKeys {

    public static final String DUMP_SUFFIX = ".dump.enc";
    public static final String DRILL_SUFFIX = ".drill.json";
    public static final String CENSUS_SUFFIX = ".census.enc";
    /** The upload in progress; copied to the final key with its metadata once complete. */
    public static final String PARTIAL_SUFFIX = ".partial";

    private static final DateTimeFormatter PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd/HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final String prefix;

    /** @param prefix prepended to every key; empty, or ending in {@code /} */
    public BackupKeys(String prefix) {
        String p = prefix == null ? "" : prefix.strip();
        if (p.startsWith("/")) {
            p = p.substring(1);
        }
        this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }

    public String prefix() {
        return prefix;
    }

    /** The key of the backup of {@code database} of {@code app} started at {@code start} in run {@code run}. */
    public String dump(String app, String database, Instant start, String run) {
        return database(app, database) + PATH.format(start) + "-" + safe(run) + DUMP_SUFFIX;
    }

    /** The prefix of every backup of an application. */
    public String app(String app) {
        return prefix + safe(app) + "/";
    }

    /** The prefix of every backup of one database of an application. */
    public String database(String app, String database) {
        return app(app) + safe(database) + "/";
    }

    /** Whether {@code key} ends with {@code -<run>.dump.enc}. */
    public static boolean isOfRun(String key, String run) {
        return key.endsWith("-" + safe(run) + DUMP_SUFFIX);
    }

    static String safe(String part) {
        if (part == null || part.isBlank()) {
            throw new IllegalArgumentException("a backup key part must not be empty");
        }
        return part.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}

package dev.slipway.backup.storage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a backup object says about itself, as S3 user metadata ({@code x-amz-meta-*}). The bucket is the catalogue:
 * listing a prefix and reading these answers every question about past backups.
 *
 * @param app the application, or the static policy's name for a database outside any application
 * @param database the database name
 * @param environment the environment it was taken for, or null
 * @param run the run id
 * @param request the {@code ce_id} of the event that asked for it, or null
 * @param trigger why it was taken ({@code PRE_DEPLOY}, {@code MANUAL}, {@code SCHEDULE})
 * @param dumpSize bytes of the plaintext {@code pg_dump} archive
 * @param sha256 hex SHA-256 of the plaintext archive
 * @param keyId the id of the key it is encrypted with
 * @param postgresVersion the server's version
 * @param startedAt when the dump started
 * @param finishedAt when the upload finished
 * @param tables tables counted in the source at dump time
 * @param rows rows counted across them
 */
public record BackupMetadata(
        String app,
        String database,
        String environment,
        String run,
        String request,
        String trigger,
        long dumpSize,
        String sha256,
        String keyId,
        String postgresVersion,
        Instant startedAt,
        Instant finishedAt,
        int tables,
        long rows) {

    /** The format of the object's bytes, so a future format can be told apart. */
    public static final String FORMAT = "slipway-backup-v1+pg_dump-custom";

    public Map<String, String> toS3() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("format", FORMAT);
        map.put("app", app);
        map.put("database", database);
        if (environment != null) {
            map.put("environment", environment);
        }
        map.put("run", run);
        if (request != null) {
            map.put("request", request);
        }
        map.put("trigger", trigger);
        map.put("size", Long.toString(dumpSize));
        map.put("sha256", sha256);
        map.put("key-id", keyId);
        map.put("postgres-version", postgresVersion);
        map.put("started-at", startedAt.toString());
        map.put("finished-at", finishedAt.toString());
        map.put("tables", Integer.toString(tables));
        map.put("rows", Long.toString(rows));
        return map;
    }

    /**
     * Reads metadata written by {@link #toS3()}.
     *
     * @throws IllegalArgumentException when a field is missing or malformed (not a complete Slipway backup)
     */
    public static BackupMetadata fromS3(Map<String, String> map) {
        try {
            return new BackupMetadata(required(map, "app"), required(map, "database"), map.get("environment"),
                    required(map, "run"), map.get("request"), required(map, "trigger"),
                    Long.parseLong(required(map, "size")),
                    required(map, "sha256"), required(map, "key-id"), required(map, "postgres-version"),
                    Instant.parse(required(map, "started-at")), Instant.parse(required(map, "finished-at")),
                    Integer.parseInt(required(map, "tables")), Long.parseLong(required(map, "rows")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not the metadata of a complete backup: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> map, String name) {
        String value = map.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing '" + name + "'");
        }
        return value;
    }
}

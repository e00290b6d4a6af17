package dev.slipway.backup.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import dev.slipway.contracts.spec.DatabaseSpec;

/** backup-service's settings; each is also an environment variable ({@code SLIPWAY_BACKUP_S3_BUCKET}, ...). */
@ConfigMapping(prefix = "slipway.backup")
public interface BackupConfig {

    S3 s3();

    Encryption encryption();

    Postgres postgres();

    Drill drill();

    Schedule schedule();

    Retention retention();

    Restore restore();

    /** Backups taken at once; each holds one upload part in memory. */
    @WithDefault("2")
    int concurrency();

    /** Longest a pg_dump may run. */
    @WithDefault("2h")
    Duration timeout();

    /** Databases outside any application (Slipway's own among them), by policy name. */
    @WithName("static")
    Map<String, StaticDatabase> staticDatabases();

    interface S3 {
        /** Endpoint of an S3-compatible store; AWS's regional endpoint when unset. */
        Optional<URI> endpoint();

        /** Region for request signing. */
        @WithDefault("us-east-1")
        String region();

        /** Bucket holding backups; it must exist. */
        @WithDefault("slipway-backups")
        String bucket();

        /** Key prefix of every backup, such as {@code slipway/}; none when unset. */
        Optional<String> prefix();

        /** Access key; the AWS default credential chain (environment, web identity, instance role) when unset. */
        Optional<String> accessKey();

        /** Secret key, with {@code access-key}. */
        Optional<String> secretKey();

        /** Path-style addressing, which most S3-compatible stores need. */
        @WithDefault("false")
        boolean pathStyle();

        /** Bytes per multipart upload part (at least 5 MiB); one part per running backup is held in memory. */
        @WithDefault("8388608")
        int partSize();
    }

    interface Encryption {
        /** Id of the key new backups are encrypted with, written into each backup. */
        Optional<String> keyId();

        /** The AES-256 key, base64 (32 bytes). Without it no backup is taken: there is no plaintext mode. */
        Optional<String> key();

        /** Earlier keys by id (base64), still needed to read the backups they encrypted. */
        Map<String, String> previousKeys();
    }

    interface Postgres {
        /** Directory of pg_dump and pg_restore; their major version must be at least the servers'. */
        @WithDefault("/usr/lib/postgresql/15/bin")
        Path binDir();

        /** How long a connection to a database may take. */
        @WithDefault("10s")
        Duration connectTimeout();
    }

    interface Drill {
        /**
         * Server that restore drills run on; the source database's own server (as its own user, which then needs
         * CREATEDB) when unset.
         */
        Optional<String> host();

        @WithDefault("5432")
        int port();

        /** Role that may create and drop databases on the drill server. */
        Optional<String> user();

        Optional<String> password();

        /** Database to connect to for CREATE/DROP DATABASE. */
        @WithDefault("postgres")
        String database();

        /** Longest a restore drill may run. */
        @WithDefault("2h")
        Duration timeout();
    }

    interface Schedule {
        /** How often schedules are checked; {@code off} to disable scheduled backups. */
        @WithDefault("30s")
        String tick();

        /** A fire missed (service down) is still acted on this long afterwards. */
        @WithDefault("6h")
        Duration catchUp();
    }

    interface Retention {
        /** How often expired backups are deleted; {@code off} to disable. */
        @WithDefault("1h")
        String interval();

        /** An upload left unfinished (a crash) is deleted after this long. */
        @WithDefault("1d")
        Duration abandonedAfter();

        /** Besides those within the policy's retention days: the newest this many backups are kept. */
        @WithDefault("3")
        int keepLast();

        /** ...and the newest backup of each of the last this many days that have one (UTC). */
        @WithDefault("7")
        int keepDaily();

        /** ...and the newest backup of each of the last this many ISO weeks that have one (UTC). */
        @WithDefault("4")
        int keepWeekly();
    }

    interface Restore {
        /** Longest a restore on request may run. */
        @WithDefault("2h")
        Duration timeout();
    }

    interface StaticDatabase {
        String host();

        @WithDefault("5432")
        int port();

        /** Database name. */
        String name();

        String user();

        String password();

        /** Five-field cron expression; no scheduled backups when unset. */
        Optional<String> schedule();

        @WithDefault("7")
        int retentionDays();

        /** Overrides {@code slipway.backup.retention.keep-last} for this database. */
        Optional<Integer> keepLast();

        /** Overrides {@code slipway.backup.retention.keep-daily} for this database. */
        Optional<Integer> keepDaily();

        /** Overrides {@code slipway.backup.retention.keep-weekly} for this database. */
        Optional<Integer> keepWeekly();

        @WithDefault("EVERY")
        DatabaseSpec.Verify verify();

        Optional<String> probeQuery();
    }
}

package dev.slipway.backup.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

import org.junit.jupiter.api.Test;

import dev.slipway.backup.crypto.Keyring;
import dev.slipway.backup.dump.DumpRequest;
import dev.slipway.backup.dump.Dumper;
import dev.slipway.backup.postgres.ChildProcess;
import dev.slipway.backup.postgres.DatabaseTarget;
import dev.slipway.backup.postgres.PostgresTools;
import dev.slipway.backup.restore.ArchiveRestore;
import dev.slipway.backup.restore.RestoreResult;
import dev.slipway.backup.restore.Restorer;
import dev.slipway.backup.storage.BackupBucket;
import dev.slipway.backup.storage.BackupKeys;
import dev.slipway.backup.storage.StoredBackup;
import dev.slipway.backup.support.Buckets;
import dev.slipway.backup.support.Keys;
import dev.slipway.backup.support.SampleDatabase;
import dev.slipway.testkit.postgres.Postgres;
import dev.slipway.testkit.s3.S3;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Backup and restore throughput through Slipway's path (pg_dump → SHA-256 → AES-256-GCM → S3 multipart upload; S3
 * download → decrypt → SHA-256 → pg_restore) against plain {@code pg_dump} and {@code pg_restore} on the same
 * database, with the same {@code pg_restore} options. Throughput is the plaintext archive's size over the wall time,
 * in MB/s (10^6 bytes); the ratios compare medians of the same run. Not part of the test suite: run it with
 * {@code bench/backup-throughput.sh}. It prints figures; it asserts nothing about speed.
 */
class ThroughputBenchmark {

    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    static final int ROWS = Integer.getInteger("bench.rows", 200_000);
    static final int MD5_PER_ROW = Integer.getInteger("bench.md5PerRow", 8);
    /** Production's default part size. */
    static final int PART_SIZE = 8 * 1024 * 1024;
    static final Duration LIMIT = Duration.ofMinutes(30);

    private record Round(long archiveBytes, long plainDump, long plainRestore, long plainPipe, long slipwayBackup,
            long slipwayRestore) {
    }

    @Test
    void backupAndRestoreAgainstPlainPgDumpAndPgRestore() throws Exception {
        SampleDatabase db = SampleDatabase.create("bench").addPayload(ROWS, MD5_PER_ROW);
        Postgres postgres = db.postgres();
        PostgresTools tools = new PostgresTools(SampleDatabase.binDir(), Duration.ofSeconds(10));
        Keyring keyring = Keyring.of(Keys.random("bench"));
        Path dir = Files.createTempDirectory("slipway-bench-");
        Path archive = dir.resolve("plain.dump");
        List<Round> rounds = new ArrayList<>();
        try (S3Client client = S3.shared().newClient()) {
            BackupBucket bucket = new BackupBucket(client, Buckets.create("bench"), new BackupKeys("bench/"),
                    PART_SIZE);
            Dumper dumper = new Dumper(tools, bucket, keyring, Clock.systemUTC(), LIMIT);
            Restorer restorer = new Restorer(tools, new ArchiveRestore(bucket, keyring), Clock.systemUTC(), LIMIT);
            for (int round = 0; round <= ROUNDS; round++) {
                DatabaseTarget plainTarget = fresh(postgres, db, "plain", round);
                DatabaseTarget pipeTarget = fresh(postgres, db, "pipe", round);
                DatabaseTarget slipwayTarget = fresh(postgres, db, "slipway", round);
                long plainDump = 0;
                long plainRestore = 0;
                long plainPipe = 0;
                long slipwayBackup = 0;
                long slipwayRestore = 0;
                StoredBackup backup = null;
                RestoreResult restored = null;
                // Plain and Slipway take turns going first: on a busy machine, neither always gets the quieter slot.
                for (boolean plainTurn : round % 2 == 0 ? new boolean[]{true, false} : new boolean[]{false, true}) {
                    if (plainTurn) {
                        // Plain: pg_dump to a local file, then pg_restore from it; then both piped.
                        long t0 = System.nanoTime();
                        run(tools.pgDump(db.target(), null).redirectOutput(archive.toFile()));
                        plainDump = System.nanoTime() - t0;
                        long t1 = System.nanoTime();
                        run(tools.pgRestoreReplacing(plainTarget).redirectInput(archive.toFile()));
                        plainRestore = System.nanoTime() - t1;
                        long t2 = System.nanoTime();
                        run(pipe(tools, db.target(), pipeTarget));
                        plainPipe = System.nanoTime() - t2;
                    } else {
                        // Slipway: a backup into the bucket, then a restore on request from it.
                        long t3 = System.nanoTime();
                        backup = dumper.dump(new DumpRequest("bench", null, "run-" + round, null, "MANUAL",
                                db.target())).backup();
                        slipwayBackup = System.nanoTime() - t3;
                        long t4 = System.nanoTime();
                        restored = restorer.restore(backup, db.target(), slipwayTarget.database(), false);
                        slipwayRestore = System.nanoTime() - t4;
                    }
                }

                if (restored.size() != Files.size(archive) && round == 0) {
                    System.out.printf("BENCH note: archives differ in size (plain %d, Slipway %d bytes)%n",
                            Files.size(archive), restored.size());
                }
                if (round > 0) { // round 0 warms the JVM, the server's caches and the store
                    rounds.add(new Round(backup.metadata().dumpSize(), plainDump, plainRestore, plainPipe,
                            slipwayBackup, slipwayRestore));
                }
                for (String name : List.of(plainTarget.database(), pipeTarget.database(), slipwayTarget.database())) {
                    drop(postgres, name);
                }
                bucket.delete(backup.key());
            }
            report(rounds, databaseSize(postgres, db.name()));
        } finally {
            Files.deleteIfExists(archive);
            Files.deleteIfExists(dir);
        }
    }

    private static void report(List<Round> rounds, long databaseBytes) {
        long archive = median(rounds, Round::archiveBytes);
        System.out.printf("%nBENCH backup-service throughput: %d rounds after a warm-up; database %.1f MB on disk,"
                + " archive %.1f MB (pg_dump -Fc); MB = 10^6 bytes of archive; median (slowest to fastest round)%n",
                rounds.size(), databaseBytes / 1e6, archive / 1e6);
        double plainDump = line("plain pg_dump -Fc > file", rounds, Round::plainDump);
        double backup = line("Slipway backup (pg_dump, SHA-256, AES-256-GCM, S3 multipart upload)", rounds,
                Round::slipwayBackup);
        System.out.printf("BENCH | ratio backup Slipway / plain | %.2f |%n", backup / plainDump);
        double plainRestore = line("plain pg_restore < file", rounds, Round::plainRestore);
        double restore = line("Slipway restore (S3 download, decrypt, SHA-256, pg_restore, row count)", rounds,
                Round::slipwayRestore);
        System.out.printf("BENCH | ratio restore Slipway / plain | %.2f |%n", restore / plainRestore);
        double plainPipe = line("plain pg_dump piped into pg_restore", rounds, Round::plainPipe);
        double both = line("Slipway backup, then restore", rounds, r -> r.slipwayBackup() + r.slipwayRestore());
        System.out.printf("BENCH | ratio round trip Slipway / plain pipe | %.2f |%n", both / plainPipe);
        System.out.printf("BENCH machine: %d processors, load average %s, Java %s%n",
                Runtime.getRuntime().availableProcessors(), loadAverage(), System.getProperty("java.version"));
    }

    /** Prints the median throughput and the range; returns the median. */
    private static double line(String what, List<Round> rounds, ToLongFunction<Round> nanos) {
        long archive = median(rounds, Round::archiveBytes);
        long[] sorted = rounds.stream().mapToLong(nanos).sorted().toArray();
        double median = mbPerSecond(archive, median(rounds, nanos));
        System.out.printf("BENCH | %s | %.1f MB/s (%.1f to %.1f) |%n", what, median,
                mbPerSecond(archive, sorted[sorted.length - 1]), mbPerSecond(archive, sorted[0]));
        return median;
    }

    /** pg_dump piped straight into pg_restore by the shell, as a plain hand-made copy would be. */
    private static ProcessBuilder pipe(PostgresTools tools, DatabaseTarget source, DatabaseTarget target)
            throws Exception {
        ProcessBuilder dump = tools.pgDump(source, null);
        List<String> restore = tools.pgRestoreReplacing(target).command();
        String script = quote(dump.command()) + " | " + quote(restore);
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", script);
        builder.environment().clear();
        builder.environment().putAll(dump.environment());
        return builder;
    }

    private static String quote(List<String> command) {
        return String.join(" ", command.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
    }

    private static void run(ProcessBuilder builder) throws Exception {
        if (builder.redirectOutput() == ProcessBuilder.Redirect.PIPE) {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        try (ChildProcess process = ChildProcess.start(builder, LIMIT)) {
            int code = process.await();
            if (code != 0) {
                throw new IllegalStateException(process.name() + " exited with " + code + ": " + process
                        .stderrTail());
            }
        }
    }

    private static DatabaseTarget fresh(Postgres postgres, SampleDatabase db, String kind, int round)
            throws Exception {
        String name = db.name() + "_" + kind + "_" + round;
        try (Connection admin = postgres.connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS \"" + name + "\"");
            statement.execute("CREATE DATABASE \"" + name + "\" OWNER \"" + db.user() + "\" TEMPLATE template0");
        }
        return db.target().withDatabase(name);
    }

    private static void drop(Postgres postgres, String name) throws Exception {
        try (Connection admin = postgres.connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        }
    }

    private static long databaseSize(Postgres postgres, String name) throws Exception {
        try (Connection admin = postgres.connect("postgres");
                Statement statement = admin.createStatement();
                ResultSet result = statement.executeQuery("SELECT pg_database_size('" + name + "')")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static long median(List<Round> rounds, ToLongFunction<Round> value) {
        long[] values = rounds.stream().mapToLong(value).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static double mbPerSecond(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }
}

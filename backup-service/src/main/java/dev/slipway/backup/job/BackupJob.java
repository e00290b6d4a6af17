package dev.slipway.backup.job;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import dev.slipway.backup.BackupException;
import dev.slipway.backup.BackupException.Problem;
import dev.slipway.backup.drill.RestoreDrill;
import dev.slipway.backup.dump.DumpRequest;
import dev.slipway.backup.dump.DumpResult;
import dev.slipway.backup.dump.Dumper;
import dev.slipway.backup.postgres.DatabaseTarget;
import dev.slipway.backup.secret.PasswordSource;
import dev.slipway.backup.storage.BackupBucket;
import dev.slipway.backup.storage.BackupKeys;
import dev.slipway.backup.storage.DrillRecord;
import dev.slipway.backup.storage.StorageException;
import dev.slipway.backup.storage.StoredBackup;
import dev.slipway.contracts.SecretValue;
import dev.slipway.contracts.events.BackupDone;
import dev.slipway.contracts.events.BackupRequested.Trigger;
import dev.slipway.contracts.spec.DatabaseSpec;

/**
 * One backup from order to {@code backup-done}: find the password, dump, drill when the policy says so, and describe
 * the result. A repeated order (the same request delivered again) finds its backup in the bucket and reports it
 * without dumping twice. Never throws: a failure is an outcome.
 */
public final class BackupJob {

    /** Where restore drills run: a fixed server, or the source's own server. */
    public interface DrillServers {
        /** The maintenance database of the server to drill on, logged in as a role that may create databases. */
        DatabaseTarget forSource(DatabaseTarget source);
    }

    private final Dumper dumper;
    private final RestoreDrill drill;
    private final BackupBucket bucket;
    private final PasswordSource passwords;
    private final DrillServers drillServers;
    private final Clock clock;

    public BackupJob(Dumper dumper, RestoreDrill drill, BackupBucket bucket, PasswordSource passwords,
            DrillServers drillServers, Clock clock) {
        this.dumper = dumper;
        this.drill = drill;
        this.bucket = bucket;
        this.passwords = passwords;
        this.drillServers = drillServers;
        this.clock = clock;
    }

    public JobOutcome run(BackupOrder order) {
        Instant started = clock.instant();
        DatabaseSpec database = order.database();
        try {
            Optional<StoredBackup> earlier = earlierResult(order);
            if (earlier.isPresent()) {
                return new JobOutcome(done(order, earlier.get(), null), null, true);
            }
            SecretValue password = passwords.password(order.password());
            DatabaseTarget source = new DatabaseTarget(database.host(), database.port(), database.name(),
                    database.user(), password);
            DumpResult dumped = dumper.dump(new DumpRequest(order.app(), order.environment(), order.run(),
                    order.requestId(), order.trigger().name(), source));
            StoredBackup backup = dumped.backup();
            if (!mustVerify(order, backup)) {
                return new JobOutcome(done(order, backup, null), null, false);
            }
            DrillRecord record;
            try {
                record = drill.drill(backup, dumped.census(), database.probeQuery(),
                        drillServers.forSource(source));
            } catch (BackupException e) {
                if (e.problem() == Problem.VERIFICATION_FAILED) {
                    recordQuietly(backup.key(), new DrillRecord(false, clock.instant(), 0, 0, null, e.getMessage()));
                }
                return new JobOutcome(failed(order, started, backup, e), e, false);
            }
            bucket.recordDrill(backup.key(), record);
            return new JobOutcome(done(order, backup, record), null, false);
        } catch (BackupException e) {
            return new JobOutcome(failed(order, started, null, e), e, false);
        } catch (StorageException e) {
            BackupException failure = new BackupException(Problem.STORAGE_UNAVAILABLE, e.getMessage(), e);
            return new JobOutcome(failed(order, started, null, failure), failure, false);
        } catch (RuntimeException e) {
            BackupException failure = new BackupException(Problem.DUMP_FAILED, "unexpected " + e.getClass()
                    .getSimpleName() + ": " + e.getMessage(), e);
            return new JobOutcome(failed(order, started, null, failure), failure, false);
        }
    }

    /**
     * Pre-deploy backups are always drilled: a deploy must not go ahead on a backup that was never restored. The
     * others follow the policy: every backup, or the first of each day (UTC).
     */
    boolean mustVerify(BackupOrder order, StoredBackup backup) throws StorageException {
        if (order.trigger() == Trigger.PRE_DEPLOY || order.database().verify() != DatabaseSpec.Verify.DAILY) {
            return true;
        }
        LocalDate today = backup.metadata().startedAt().atZone(ZoneOffset.UTC).toLocalDate();
        List<StoredBackup> sameDay = bucket.list(bucket.keys().database(order.app(), order.database().name()))
                .stream().filter(b -> b.metadata().startedAt().atZone(ZoneOffset.UTC).toLocalDate().equals(today))
                .toList();
        return sameDay.stream().noneMatch(StoredBackup::verified);
    }

    /** The backup an earlier delivery of the same request made, if it is complete (and verified, when it must be). */
    private Optional<StoredBackup> earlierResult(BackupOrder order) throws StorageException {
        if (order.requestId() == null) {
            return Optional.empty();
        }
        String prefix = bucket.keys().database(order.app(), order.database().name());
        for (String key : bucket.listKeys(prefix, BackupKeys.DUMP_SUFFIX)) {
            if (!BackupKeys.isOfRun(key, order.run())) {
                continue;
            }
            Optional<StoredBackup> found;
            try {
                found = bucket.find(key);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (found.isEmpty()) {
                continue;
            }
            StoredBackup backup = found.get();
            String request = backup.metadata().request();
            boolean same = order.requestId().equals(request)
                    || (order.replayOf() != null && order.replayOf().equals(request));
            boolean good = backup.verified() || (backup.drill() == null && !mustVerify(order, backup));
            if (same && good) {
                return found;
            }
        }
        return Optional.empty();
    }

    private void recordQuietly(String key, DrillRecord record) {
        try {
            bucket.recordDrill(key, record);
        } catch (StorageException e) {
            // the failure itself is reported through backup-done
        }
    }

    private BackupDone done(BackupOrder order, StoredBackup backup, DrillRecord record) {
        var m = backup.metadata();
        DrillRecord drill = record != null ? record : backup.drill();
        BackupDone.Verification verification = drill == null || !drill.passed()
                ? null
                : new BackupDone.Verification(true, drill.tables(), drill.rows(), drill.probePassed());
        Instant finished = drill != null && drill.at() != null ? drill.at() : m.finishedAt();
        return new BackupDone(order.app(), order.environment(), m.database(), order.trigger(),
                BackupDone.Outcome.SUCCEEDED, object(backup), verification, m.postgresVersion(), m.startedAt(),
                finished, null);
    }

    private BackupDone failed(BackupOrder order, Instant started, StoredBackup backup, BackupException e) {
        BackupDone.Verification verification = e.problem() == Problem.VERIFICATION_FAILED
                ? new BackupDone.Verification(false, 0, 0, null)
                : null;
        return new BackupDone(order.app(), order.environment(), order.database().name(), order.trigger(),
                BackupDone.Outcome.FAILED, backup == null ? null : object(backup), verification,
                backup == null ? null : backup.metadata().postgresVersion(),
                backup == null ? started : backup.metadata().startedAt(), clock.instant(), e.describe());
    }

    private BackupDone.BackupObject object(StoredBackup backup) {
        return new BackupDone.BackupObject(bucket.name(), backup.key(), backup.storedSize(),
                backup.metadata().sha256(), backup.metadata().keyId());
    }
}

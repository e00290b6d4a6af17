package dev.slipway.backup.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;

import dev.slipway.backup.BackupException;
import dev.slipway.backup.policy.BackupPolicy;
import dev.slipway.backup.policy.PolicyService;
import dev.slipway.backup.policy.Retention;
import dev.slipway.backup.postgres.DatabaseTarget;
import dev.slipway.backup.restore.RestoreRefusedException;
import dev.slipway.backup.restore.RestoreResult;
import dev.slipway.backup.restore.Restorer;
import dev.slipway.backup.secret.PasswordSource;
import dev.slipway.backup.storage.BackupBucket;
import dev.slipway.backup.storage.BackupKeys;
import dev.slipway.backup.storage.StorageException;
import dev.slipway.backup.storage.StoredBackup;
import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.SecretValue;
import dev.slipway.contracts.spec.DatabaseSpec;

/**
 * {@code POST /api/restores} (role {@code admin}) restores a backup into a named database on the source's server and
 * answers with the outcome once it is done. The backup is named by its key, or is the newest verified backup of an
 * application's database.
 */
@Path("/api/restores")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class RestoreResource {

    private static final Logger LOG = Logger.getLogger(RestoreResource.class);

    /**
     * What to restore and where.
     *
     * @param key the backup's object key; or else
     * @param app the application whose newest verified backup to restore
     * @param database the application's database, when it has several
     * @param target the database to restore into, on the source's server; created when missing
     * @param force replace existing data: required for the source database and any target that holds tables
     */
    public record RestoreCommand(String key, String app, String database, String target, boolean force) {
    }

    /** The outcome: {@code SUCCEEDED} with what was restored, or {@code FAILED} with the reason. */
    public record RestoreAnswer(String outcome, String key, String app, String database, String target,
            boolean forced, boolean createdTarget, long size, String sha256, int tables, long rows,
            Instant startedAt, Instant finishedAt, long durationMs, String reason) {

        static RestoreAnswer succeeded(StoredBackup backup, RestoreResult r, boolean forced) {
            return new RestoreAnswer("SUCCEEDED", r.key(), backup.metadata().app(), backup.metadata().database(),
                    r.target(), forced, r.createdTarget(), r.size(), r.sha256(), r.tables(), r.rows(), r.startedAt(),
                    r.finishedAt(), Duration.between(r.startedAt(), r.finishedAt()).toMillis(), null);
        }

        static RestoreAnswer failed(StoredBackup backup, String target, boolean forced, Instant started,
                Instant now, String reason) {
            return new RestoreAnswer("FAILED", backup.key(), backup.metadata().app(), backup.metadata().database(),
                    target, forced, false, 0, null, 0, 0, started, now, Duration.between(started, now).toMillis(),
                    reason);
        }
    }

    /** Why a request cannot go ahead, before anything was changed. */
    public record Refusal(String error) {
    }

    @Inject
    PolicyService policies;

    @Inject
    BackupBucket bucket;

    @Inject
    PasswordSource passwords;

    @Inject
    Restorer restorer;

    @Inject
    SecurityIdentity identity;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    @POST
    @RolesAllowed("admin")
    public Response restore(RestoreCommand command) {
        if (command == null) {
            return refuse(Status.BAD_REQUEST, "send {\"key\": \"...\" or \"app\": \"...\", \"target\": \"...\"}");
        }
        String invalid = Restorer.invalidTarget(command.target());
        if (invalid != null) {
            return refuse(Status.BAD_REQUEST, invalid);
        }
        boolean byKey = command.key() != null && !command.key().isBlank();
        boolean byApp = command.app() != null && !command.app().isBlank();
        if (byKey == byApp) {
            return refuse(Status.BAD_REQUEST, "name either the backup (\"key\") or the application (\"app\") whose"
                    + " newest verified backup to restore");
        }
        StoredBackup backup;
        BackupPolicy policy;
        try {
            if (byKey) {
                Optional<StoredBackup> found = backupByKey(command.key());
                if (found.isEmpty()) {
                    return refuse(Status.NOT_FOUND, "no backup " + command.key() + " in bucket " + bucket.name());
                }
                backup = found.get();
                Optional<BackupPolicy> owner = policies.find(backup.metadata().app(), backup.metadata().database());
                if (owner.isEmpty()) {
                    return refuse(Status.NOT_FOUND, "no backup policy knows where " + backup.metadata().app() + "'s"
                            + " database " + backup.metadata().database() + " lives, or its password");
                }
                policy = owner.get();
            } else {
                Optional<BackupPolicy> owner = policies.find(command.app(), command.database());
                if (owner.isEmpty()) {
                    return refuse(Status.NOT_FOUND, "no backup policy for " + command.app()
                            + (command.database() == null ? "" : " database " + command.database()));
                }
                policy = owner.get();
                Optional<StoredBackup> newest = Retention.newestVerified(bucket.list(bucket.keys().database(
                        policy.app(), policy.database().name())));
                if (newest.isEmpty()) {
                    return refuse(Status.NOT_FOUND, "no verified backup of " + policy.id() + " to restore");
                }
                backup = newest.get();
            }
        } catch (StorageException e) {
            return refuse(Status.SERVICE_UNAVAILABLE, "the backup bucket is unreachable: " + e.getMessage());
        }

        Instant started = clock.instant();
        String who = identity.getPrincipal() == null ? "?" : identity.getPrincipal().getName();
        LOG.infof("restore of %s into database %s%s requested by %s", backup.key(), command.target(),
                command.force() ? " (forced)" : "", who);
        try {
            DatabaseSpec db = policy.database();
            SecretValue password = passwords.password(policies.passwordOf(policy));
            DatabaseTarget source = new DatabaseTarget(db.host(), db.port(), db.name(), db.user(), password);
            RestoreResult result = restorer.restore(backup, source, command.target(), command.force());
            LOG.infof("restore of %s into database %s succeeded: %d tables, %d rows", backup.key(), result.target(),
                    result.tables(), result.rows());
            count("succeeded");
            return Response.ok(RestoreAnswer.succeeded(backup, result, command.force())).build();
        } catch (IllegalArgumentException e) {
            return refuse(Status.BAD_REQUEST, e.getMessage());
        } catch (RestoreRefusedException e) {
            LOG.infof("restore of %s into database %s refused: %s", backup.key(), command.target(), e.getMessage());
            count("refused");
            return refuse(Status.CONFLICT, e.getMessage());
        } catch (BackupException e) {
            LOG.warnf("restore of %s into database %s failed: %s", backup.key(), command.target(), e.describe());
            count("failed");
            return Response.status(statusOf(e))
                    .entity(RestoreAnswer.failed(backup, command.target(), command.force(), started,
                            clock.instant(), e.describe()))
                    .build();
        }
    }

    private Optional<StoredBackup> backupByKey(String key) throws StorageException {
        if (!key.startsWith(bucket.keys().prefix()) || !key.endsWith(BackupKeys.DUMP_SUFFIX)) {
            return Optional.empty();
        }
        try {
            return bucket.find(key);
        } catch (IllegalArgumentException e) {
            // an object without a backup's metadata
            return Optional.empty();
        }
    }

    /** Unavailable parts are worth retrying (503), a time limit is a 504; anything else is about this request. */
    static int statusOf(BackupException e) {
        FailureReason reason = e.problem().reason();
        if (reason == FailureReason.UNAVAILABLE) {
            return Status.SERVICE_UNAVAILABLE.getStatusCode();
        }
        if (reason == FailureReason.TIMEOUT) {
            return Status.GATEWAY_TIMEOUT.getStatusCode();
        }
        return 422;
    }

    private void count(String outcome) {
        registry.counter("slipway.backup.restores", "outcome", outcome).increment();
    }

    private static Response refuse(Status status, String error) {
        return Response.status(status).entity(new Refusal(error)).build();
    }
}

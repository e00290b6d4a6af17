package dev.slipway.backup.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.common.annotation.Blocking;

import dev.slipway.auth.Role;
import dev.slipway.backup.policy.BackupPolicy;
import dev.slipway.backup.policy.PolicyService;
import dev.slipway.backup.storage.BackupBucket;
import dev.slipway.backup.storage.StorageException;
import dev.slipway.backup.storage.StoredBackup;
import dev.slipway.contracts.events.BackupRequested.Trigger;

/**
 * {@code POST /api/backups} starts a backup now (role {@code sre}); its outcome arrives as {@code backup-done} in the
 * run the answer names. {@code GET /api/backups?app=} lists an application's backups from the bucket (role
 * {@code viewer}).
 */
@Path("/api/backups")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class BackupResource {

    /** What to back up: an application (or static policy) and, when it has several, the database. */
    public record BackupCommand(String app, String database) {
    }

    /** The accepted backup: watch {@code backup-done} for run {@code run}. */
    public record Accepted(String run, String app, String database) {
    }

    /** One backup as the bucket describes it. */
    public record Listed(String key, String app, String database, String environment, String run, String trigger,
            Instant startedAt, Instant finishedAt, long dumpSize, long storedSize, String sha256, String keyId,
            String postgresVersion, int tables, long rows, boolean verified, Instant verifiedAt, String drillProblem) {

        static Listed of(StoredBackup b) {
            var m = b.metadata();
            return new Listed(b.key(), m.app(), m.database(), m.environment(), m.run(), m.trigger(), m.startedAt(),
                    m.finishedAt(), m.dumpSize(), b.storedSize(), m.sha256(), m.keyId(), m.postgresVersion(),
                    m.tables(), m.rows(), b.verified(), b.drill() == null ? null : b.drill().at(),
                    b.drill() == null ? null : b.drill().problem());
        }
    }

    @Inject
    PolicyService policies;

    @Inject
    BackupBucket bucket;

    @POST
    @RolesAllowed(Role.SRE_NAME)
    public Response backUp(BackupCommand command) {
        if (command == null || command.app() == null || command.app().isBlank()) {
            throw new BadRequestException("name the application: {\"app\": \"...\"}");
        }
        BackupPolicy policy = policies.find(command.app(), command.database())
                .orElseThrow(() -> new NotFoundException("no backup policy for " + command.app()
                        + (command.database() == null ? "" : " database " + command.database())
                        + " (an application's policy comes from its slipway.yaml in chart-published)"));
        String run = "backup-" + UUID.randomUUID();
        policies.backUp(policy, Trigger.MANUAL, run);
        return Response.accepted(new Accepted(run, policy.app(), policy.database().name())).build();
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public List<Listed> list(@QueryParam("app") String app, @QueryParam("database") String database) {
        if (app == null || app.isBlank()) {
            throw new BadRequestException("the app query parameter is required");
        }
        String prefix = database == null || database.isBlank()
                ? bucket.keys().app(app)
                : bucket.keys().database(app, database);
        try {
            List<Listed> listed = new ArrayList<>(bucket.list(prefix).stream().map(Listed::of).toList());
            listed.sort(Comparator.comparing(Listed::startedAt).reversed());
            return listed;
        } catch (StorageException e) {
            throw new ServiceUnavailableException("the backup bucket is unreachable: " + e.getMessage());
        }
    }
}

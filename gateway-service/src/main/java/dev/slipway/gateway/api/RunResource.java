package dev.slipway.gateway.api;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.SecurityIdentity;

import dev.slipway.auth.Role;
import dev.slipway.contracts.Stage;
import dev.slipway.contracts.events.ApprovalGiven;
import dev.slipway.gateway.approval.ApprovalService;
import dev.slipway.gateway.replay.ReplayService;
import dev.slipway.gateway.repository.RegisteredRepository;
import dev.slipway.gateway.repository.RepositoryStore;
import dev.slipway.gateway.run.RunStarter;
import dev.slipway.gateway.support.ApiException;
import dev.slipway.gateway.timeline.RunQueries;
import dev.slipway.gateway.timeline.RunStatus;
import dev.slipway.gateway.timeline.RunView;

/** {@code /api/runs}: the run timeline, manual runs, replays and approvals. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RunResource {

    private static final int MAX_LIMIT = 500;
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    @Inject
    RunQueries runs;

    @Inject
    RunStarter starter;

    @Inject
    RepositoryStore repositories;

    @Inject
    ReplayService replays;

    @Inject
    ApprovalService approvals;

    @Inject
    SecurityIdentity identity;

    /** A run with the replays made in it. */
    public record RunDetail(RunView run, List<ReplayService.Replay> replays) {
    }

    /** {@code POST /api/runs}: a run started by hand. */
    public record ManualRun(String app, String branch, String sha) {
    }

    /** The reason given with a replay, an approval or a rejection. */
    public record Reason(String reason) {
    }

    /** The answer to a request that started something. */
    public record Started(String runId) {
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public List<RunView> list(@QueryParam("app") String app, @QueryParam("status") String status,
            @QueryParam("before") String before, @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiException(400, "limit must be between 1 and " + MAX_LIMIT);
        }
        RunStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = RunStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "unknown status " + status);
            }
        }
        try {
            return runs.runs(app == null || app.isBlank() ? null : app.trim(), wanted,
                    before == null || before.isBlank() ? null : before.trim(), limit);
        } catch (NoSuchElementException e) {
            throw new ApiException(400, "before: " + e.getMessage());
        }
    }

    @GET
    @Path("{runId}")
    @RolesAllowed(Role.VIEWER_NAME)
    public RunDetail get(@PathParam("runId") String runId) {
        RunView view = runs.run(runId).orElseThrow(() -> new ApiException(404, "no run " + runId));
        return new RunDetail(view, replays.forRun(runId));
    }

    @POST
    @RolesAllowed(Role.SRE_NAME)
    public Response start(ManualRun request) {
        if (request == null || request.app() == null || request.branch() == null || request.branch().isBlank()
                || request.sha() == null || !SHA.matcher(request.sha()).matches()) {
            throw new ApiException(400, "app, branch and a full commit sha are required");
        }
        RegisteredRepository repository = repositories.byApp(request.app())
                .orElseThrow(() -> new ApiException(404, "no repository registered as " + request.app()));
        String runId = starter.startManually(repository, request.branch().trim(), request.sha(), caller());
        return Response.accepted(new Started(runId)).location(URI.create("/api/runs/" + runId)).build();
    }

    @POST
    @Path("{runId}/stages/{stage}/replay")
    @RolesAllowed(Role.SRE_NAME)
    public Response replay(@PathParam("runId") String runId, @PathParam("stage") String stage,
            @QueryParam("force") @DefaultValue("false") boolean force, Reason body) {
        Stage parsed;
        try {
            parsed = Stage.valueOf(stage.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(404, "no stage " + stage);
        }
        ReplayService.Replay replay = replays.replay(runId, parsed, caller(), body == null ? null : body.reason(),
                force);
        return Response.accepted(replay).build();
    }

    @POST
    @Path("{runId}/environments/{environment}/approve")
    @RolesAllowed(Role.SRE_NAME)
    public Response approve(@PathParam("runId") String runId, @PathParam("environment") String environment,
            Reason body) {
        return Response.accepted(approvals.decide(runId, environment, ApprovalGiven.Decision.APPROVED, caller(),
                body == null ? null : body.reason())).build();
    }

    @POST
    @Path("{runId}/environments/{environment}/reject")
    @RolesAllowed(Role.SRE_NAME)
    public Response reject(@PathParam("runId") String runId, @PathParam("environment") String environment,
            Reason body) {
        return Response.accepted(approvals.decide(runId, environment, ApprovalGiven.Decision.REJECTED, caller(),
                body == null ? null : body.reason())).build();
    }

    private String caller() {
        return identity.getPrincipal().getName();
    }
}

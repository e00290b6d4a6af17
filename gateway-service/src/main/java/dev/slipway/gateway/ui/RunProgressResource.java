package dev.slipway.gateway.ui;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.slipway.gateway.support.ApiException;
import dev.slipway.gateway.support.Database;
import dev.slipway.gateway.timeline.EventStore;
import dev.slipway.gateway.timeline.RunProgress;
import dev.slipway.gateway.timeline.StoredEvent;

/**
 * {@code GET /api/runs/{runId}/progress}: per environment the plan, the canary's progress and the outcome, and every
 * failure of the run with the tail of its output; what the run page shows next to the stages.
 */
@Path("/api/runs/{runId}/progress")
public class RunProgressResource {

    /** The role that reads runs; spelled out here so this class depends on no particular token mechanism. */
    static final String VIEWER = "viewer";

    @Inject
    Database database;

    @Inject
    EventStore events;

    @GET
    @RolesAllowed(VIEWER)
    @Produces(MediaType.APPLICATION_JSON)
    public RunProgress progress(@PathParam("runId") String runId) {
        List<StoredEvent> run = database.read(connection -> events.forRun(connection, runId));
        if (run.isEmpty()) {
            throw new ApiException(404, "no run " + runId);
        }
        return RunProgress.derive(run);
    }
}

package dev.slipway.gateway.api;

import java.util.List;

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
import dev.slipway.gateway.dlq.DeadLetter;
import dev.slipway.gateway.dlq.DeadLetterService;
import dev.slipway.gateway.support.ApiException;

/** {@code /api/dlq}: the records consumers gave up on, and putting one back on its topic. */
@Path("/api/dlq")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    @Inject
    DeadLetterService deadLetters;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public List<DeadLetter> list(@QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new ApiException(400, "limit must be between 1 and 1000");
        }
        return deadLetters.list(limit);
    }

    @POST
    @Path("{topic}/{partition}/{offset}/replay")
    @RolesAllowed(Role.SRE_NAME)
    public Response replay(@PathParam("topic") String topic, @PathParam("partition") int partition,
            @PathParam("offset") long offset, RunResource.Reason body) {
        return Response.accepted(deadLetters.replay(topic, partition, offset, identity.getPrincipal().getName(),
                body == null ? null : body.reason())).build();
    }
}

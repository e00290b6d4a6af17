package dev.slipway.gateway.ui;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * {@code GET /api/me}: who the bearer token belongs to and the roles it grants, so the web UI and the CLI can tell a
 * viewer from an SRE before offering actions. Any valid token may ask; the answer says nothing about other callers.
 */
@Path("/api/me")
public class MeResource {

    @Inject
    SecurityIdentity identity;

    /**
     * The caller.
     *
     * @param name the token's configured name
     * @param roles the roles granted, including those a role implies, sorted
     */
    public record Me(String name, List<String> roles) {
    }

    @GET
    @Authenticated
    @Produces(MediaType.APPLICATION_JSON)
    public Me me() {
        return new Me(identity.getPrincipal().getName(), identity.getRoles().stream().sorted().toList());
    }
}

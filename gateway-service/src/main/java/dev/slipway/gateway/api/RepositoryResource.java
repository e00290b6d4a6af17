package dev.slipway.gateway.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.slipway.auth.Role;
import dev.slipway.gateway.repository.RegisteredRepository;
import dev.slipway.gateway.repository.Registration;
import dev.slipway.gateway.repository.RepositoryStore;
import dev.slipway.gateway.support.ApiException;

/** {@code /api/repositories}: the repositories whose pushes start runs. The webhook secret goes in, never out. */
@Path("/api/repositories")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RepositoryResource {

    @Inject
    RepositoryStore repositories;

    /**
     * A registered repository as the API shows it: everything but the secret.
     *
     * @param webhookPath where the provider posts its webhooks
     */
    public record RepositoryView(String id, String app, String provider, String fullName, String cloneUrl,
            String defaultBranch, List<String> branches, Instant createdAt, String webhookPath) {

        static RepositoryView of(RegisteredRepository repository) {
            return new RepositoryView(repository.id(), repository.app(), repository.provider().id(),
                    repository.fullName(), repository.cloneUrl(), repository.defaultBranch(), repository.branches(),
                    repository.createdAt(), "/webhooks/" + repository.provider().id());
        }
    }

    @POST
    @RolesAllowed(Role.ADMIN_NAME)
    public Response register(Registration.Request request) {
        Registration registration;
        try {
            registration = Registration.check(request);
        } catch (Registration.InvalidRegistrationException e) {
            return Response.status(400).entity(new ErrorBody("invalid registration", e.errors())).build();
        }
        try {
            RegisteredRepository registered = repositories.register(registration);
            return Response.created(URI.create("/api/repositories/" + registered.app()))
                    .entity(RepositoryView.of(registered)).build();
        } catch (RepositoryStore.AlreadyRegisteredException e) {
            throw new ApiException(409, e.getMessage());
        }
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public List<RepositoryView> list() {
        return repositories.list().stream().map(RepositoryView::of).toList();
    }

    @GET
    @Path("{app}")
    @RolesAllowed(Role.VIEWER_NAME)
    public RepositoryView get(@PathParam("app") String app) {
        return repositories.byApp(app).map(RepositoryView::of)
                .orElseThrow(() -> new ApiException(404, "no repository registered as " + app));
    }

    @DELETE
    @Path("{app}")
    @RolesAllowed(Role.ADMIN_NAME)
    public Response delete(@PathParam("app") String app) {
        if (!repositories.delete(app)) {
            throw new ApiException(404, "no repository registered as " + app);
        }
        return Response.noContent().build();
    }
}

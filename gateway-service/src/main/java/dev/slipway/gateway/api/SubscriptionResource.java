package dev.slipway.gateway.api;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import dev.slipway.gateway.subscription.Subscription;
import dev.slipway.gateway.subscription.SubscriptionFilter;
import dev.slipway.gateway.subscription.SubscriptionRequest;
import dev.slipway.gateway.subscription.SubscriptionStore;
import dev.slipway.gateway.support.ApiException;

/** {@code /api/subscriptions}: teams' subscriptions to events, and their delivery log. The secret is never shown. */
@Path("/api/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SubscriptionResource {

    @Inject
    SubscriptionStore subscriptions;

    @Inject
    SecurityIdentity identity;

    @Inject
    Clock clock;

    /** A subscription as the API shows it. */
    public record SubscriptionView(String id, String name, URI url, SubscriptionFilter filter, String createdBy,
            Instant createdAt) {

        static SubscriptionView of(Subscription subscription) {
            return new SubscriptionView(subscription.id(), subscription.name(), subscription.url(),
                    subscription.filter(), subscription.createdBy(), subscription.createdAt());
        }
    }

    @POST
    @RolesAllowed(Role.SRE_NAME)
    public Response create(SubscriptionRequest request) {
        if (request == null) {
            throw new ApiException(400, "a JSON body is required");
        }
        List<String> problems = request.problems();
        if (!problems.isEmpty()) {
            return Response.status(400).entity(new ErrorBody("invalid subscription", problems)).build();
        }
        Subscription created = subscriptions.create(request.checked(), identity.getPrincipal().getName(),
                clock.instant());
        return Response.created(URI.create("/api/subscriptions/" + created.id()))
                .entity(SubscriptionView.of(created)).build();
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public List<SubscriptionView> list() {
        return subscriptions.list().stream().map(SubscriptionView::of).toList();
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    public SubscriptionView get(@PathParam("id") String id) {
        return subscriptions.find(id).map(SubscriptionView::of)
                .orElseThrow(() -> new ApiException(404, "no subscription " + id));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Role.SRE_NAME)
    public Response delete(@PathParam("id") String id) {
        if (!subscriptions.delete(id)) {
            throw new ApiException(404, "no subscription " + id);
        }
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/deliveries")
    @RolesAllowed(Role.VIEWER_NAME)
    public List<SubscriptionStore.Delivery> deliveries(@PathParam("id") String id,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new ApiException(400, "limit must be between 1 and 1000");
        }
        if (subscriptions.find(id).isEmpty()) {
            throw new ApiException(404, "no subscription " + id);
        }
        return subscriptions.deliveries(id, limit);
    }
}

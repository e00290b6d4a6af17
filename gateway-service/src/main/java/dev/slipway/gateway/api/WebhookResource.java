package dev.slipway.gateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.micrometer.core.instrument.MeterRegistry;

import dev.slipway.gateway.webhook.Provider;
import dev.slipway.gateway.webhook.WebhookIntake;
import dev.slipway.gateway.webhook.WebhookRequest;
import dev.slipway.gateway.webhook.WebhookResult;

/** {@code POST /webhooks/github|gitlab|gitea}: authenticated by the repository's signature alone. */
@Path("/webhooks")
@PermitAll
public class WebhookResource {

    @Inject
    WebhookIntake intake;

    @Inject
    MeterRegistry registry;

    @POST
    @Path("{provider}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(@PathParam("provider") String providerId, @Context HttpHeaders headers, InputStream body)
            throws IOException {
        Optional<Provider> provider = Provider.byId(providerId);
        if (provider.isEmpty()) {
            return Response.status(404).entity(ErrorBody.of("no webhook endpoint for " + providerId)).build();
        }
        WebhookResult result;
        if (headers.getLength() > intake.maxBodyBytes()) {
            result = intake.tooLarge();
        } else {
            byte[] bytes = body == null ? new byte[0] : body.readNBytes(intake.maxBodyBytes() + 1);
            Map<String, String> values = new HashMap<>();
            headers.getRequestHeaders().forEach((name, list) -> {
                if (!list.isEmpty()) {
                    values.put(name, list.get(0));
                }
            });
            result = intake.handle(new WebhookRequest(provider.get(), values, bytes));
        }
        registry.counter("slipway.gateway.webhooks", "provider", provider.get().id(), "outcome",
                result.outcome().name().toLowerCase(), "reason", result.reason()).increment();
        return Response.status(result.status()).type(MediaType.APPLICATION_JSON)
                .entity(new WebhookAnswer(result.outcome(), result.reason(), result.message(), result.runId()))
                .build();
    }

    /** The body of every webhook answer. */
    public record WebhookAnswer(WebhookResult.Outcome outcome, String reason, String message, String runId) {
    }
}

package dev.slipway.gateway.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.slipway.gateway.support.ApiException;

/** Answers a refused request with its status and a JSON body that says why. */
public class ApiExceptionMapper {

    @ServerExceptionMapper
    public Response refused(ApiException e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(ErrorBody.of(e.getMessage()))
                .build();
    }
}

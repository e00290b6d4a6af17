package dev.slipway.secrets.api;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.slipway.secrets.crypto.CryptoException;
import dev.slipway.secrets.store.NotRotatableException;
import dev.slipway.secrets.store.SecretNotFoundException;
import dev.slipway.secrets.store.StoreUnavailableException;

/** Errors as {@code {"error": "..."}} with the status they mean. Messages name keys, never values. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response badRequest(IllegalArgumentException e) {
        return error(Response.Status.BAD_REQUEST, e.getMessage());
    }

    /** Jackson's own message may quote the body, and so a value: never echo it. */
    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e) {
        return error(Response.Status.BAD_REQUEST, "the request body is not the JSON expected");
    }

    @ServerExceptionMapper
    public Response notFound(SecretNotFoundException e) {
        return error(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notRotatable(NotRotatableException e) {
        return error(Response.Status.CONFLICT, e.getMessage());
    }

    /** A sealed value that does not open here. */
    @ServerExceptionMapper
    public Response sealedRefused(SealedValueRefusedException e) {
        LOG.warnf("Refused a sealed value: %s", e.getMessage());
        return error(422, e.getMessage());
    }

    /** Stored data that does not decrypt: a wrong or missing key-encryption key, or a tampered row. */
    @ServerExceptionMapper
    public Response crypto(CryptoException e) {
        LOG.errorf("%s", e.getMessage());
        return error(Response.Status.INTERNAL_SERVER_ERROR, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unavailable(StoreUnavailableException e) {
        LOG.warnf("%s", e.getMessage());
        return error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
    }

    private static Response error(Response.Status status, String message) {
        return error(status.getStatusCode(), message);
    }

    private static Response error(int status, String message) {
        return Response.status(status).type("application/json").entity(new Views.Error(message)).build();
    }
}

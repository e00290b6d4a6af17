package dev.slipway.secrets.api;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

import dev.slipway.secrets.config.SealingKeys;
import dev.slipway.secrets.crypto.SealingKey;

/** The public sealing key, for anyone to seal values with. */
@Path("/api/sealing-key")
@PermitAll
public class SealingKeyResource {

    public static final String KEY_ID_HEADER = "X-Slipway-Sealing-Key-Id";

    private final SealingKeys sealingKeys;

    public SealingKeyResource(SealingKeys sealingKeys) {
        this.sealingKeys = sealingKeys;
    }

    @GET
    @Produces({"application/x-pem-file", "text/plain"})
    public Response publicKey() {
        SealingKey key = sealingKeys.active();
        return Response.ok(key.publicPem()).header(KEY_ID_HEADER, key.id()).build();
    }
}

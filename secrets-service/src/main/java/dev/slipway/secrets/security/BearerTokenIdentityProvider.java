package dev.slipway.secrets.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

import dev.slipway.secrets.config.SecretsConfig;

/** Turns a bearer token into the caller named by the configured tokens, with its roles. */
@ApplicationScoped
public class BearerTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final ApiTokens tokens;

    public BearerTokenIdentityProvider(SecretsConfig config) {
        ApiTokens inline = ApiTokens.parse(config.auth().tokens().orElse(null), "slipway.secrets.auth.tokens");
        ApiTokens fromFile = config.auth().tokensFile().map(path -> {
            try {
                return ApiTokens.parse(Files.readString(path), path.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the API tokens file " + path, e);
            }
        }).orElse(ApiTokens.parse(null, ""));
        this.tokens = inline.and(fromFile);
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
            AuthenticationRequestContext context) {
        return tokens.find(request.getToken().getToken())
                .map(caller -> Uni.createFrom().<SecurityIdentity>item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(caller.name()))
                        .addRoles(caller.roles())
                        .addCredential(request.getToken())
                        .build()))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("unknown bearer token")));
    }
}

package dev.slipway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.Startup;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns a bearer token into the identity of its configured name, with its role and the roles it includes. Built at
 * start-up, so a service with a malformed token entry or an unreadable tokens file does not start.
 */
@Startup
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final TokenRegistry tokens;

    @Inject
    public TokenIdentityProvider(ApiAuthConfig config, Config all) {
        RenamedKeys.find(all.getPropertyNames()).ifPresent(key -> {
            throw new IllegalStateException(RenamedKeys.message(key));
        });
        List<TokenRegistry.Declared> declared = new ArrayList<>();
        config.tokens().forEach((name, token) -> declared.add(TokenRegistry.Declared.of(name, token.role(),
                token.sha256())));
        config.tokensFile().ifPresent(file -> declared.addAll(TokenRegistry.parseFile(read(file), file.toString())));
        this.tokens = TokenRegistry.of(declared);
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
            AuthenticationRequestContext context) {
        return tokens.authenticate(request.getToken().getToken())
                .<Uni<SecurityIdentity>>map(caller -> Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(caller.name()))
                        .addRoles(caller.role().granted())
                        .build()))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("unknown bearer token")));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API tokens file " + file, e);
        }
    }
}

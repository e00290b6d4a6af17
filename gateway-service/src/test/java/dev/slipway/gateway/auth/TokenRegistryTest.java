package dev.slipway.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TokenRegistryTest {

    private final TokenRegistry registry = TokenRegistry.of(Map.of(
            "ci", Map.entry("viewer", TokenRegistry.digestOf("ci-token")),
            "oncall", Map.entry("SRE", TokenRegistry.digestOf("oncall-token"))));

    @Test
    void findsTheCallerOfAConfiguredToken() {
        assertThat(registry.authenticate("oncall-token")).contains(new TokenRegistry.Caller("oncall", Role.SRE));
        assertThat(registry.authenticate("ci-token")).contains(new TokenRegistry.Caller("ci", Role.VIEWER));
    }

    @Test
    void knowsNoOtherToken() {
        assertThat(registry.authenticate("oncall-token ")).isEmpty();
        assertThat(registry.authenticate("")).isEmpty();
        assertThat(registry.authenticate(null)).isEmpty();
        assertThat(registry.authenticate(TokenRegistry.digestOf("ci-token"))).isEmpty();
    }

    @Test
    void grantsEachRoleTheRolesBelowIt() {
        assertThat(Role.VIEWER.granted()).containsExactly("viewer");
        assertThat(Role.SRE.granted()).containsExactlyInAnyOrder("viewer", "sre");
        assertThat(Role.ADMIN.granted()).containsExactlyInAnyOrder("viewer", "sre", "admin");
    }

    @Test
    void refusesAConfigurationWithAnUnknownRoleOrAPlainToken() {
        assertThatThrownBy(() -> TokenRegistry.of(Map.of("x", Map.entry("root", TokenRegistry.digestOf("t")))))
                .hasMessage("API token x: role must be viewer, sre or admin");
        assertThatThrownBy(() -> TokenRegistry.of(Map.of("x", Map.entry("sre", "plain-token"))))
                .hasMessage("API token x: sha256 must be 64 hex digits");
    }
}

package dev.slipway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class TokenRegistryTest {

    private final TokenRegistry registry = TokenRegistry.of(List.of(
            TokenRegistry.Declared.of("ci", "viewer", TokenRegistry.digestOf("ci-token")),
            TokenRegistry.Declared.of("oncall", "SRE", TokenRegistry.digestOf("oncall-token").toUpperCase())));

    @Test
    void findsTheCallerOfAConfiguredToken() {
        assertThat(registry.authenticate("oncall-token")).contains(new TokenRegistry.Caller("oncall", Role.SRE));
        assertThat(registry.authenticate("ci-token")).contains(new TokenRegistry.Caller("ci", Role.VIEWER));
        assertThat(registry.size()).isEqualTo(2);
    }

    @Test
    void knowsNoOtherToken() {
        assertThat(registry.authenticate("oncall-token ")).isEmpty();
        assertThat(registry.authenticate("ONCALL-TOKEN")).isEmpty();
        assertThat(registry.authenticate("")).isEmpty();
        assertThat(registry.authenticate(null)).isEmpty();
        assertThat(registry.authenticate(TokenRegistry.digestOf("ci-token"))).isEmpty();
    }

    @Test
    void anEmptyConfigurationKnowsNoToken() {
        TokenRegistry none = TokenRegistry.of(List.of());

        assertThat(none.size()).isZero();
        assertThat(none.authenticate("ci-token")).isEmpty();
    }

    @Test
    void digestIsTheHexSha256OfTheToken() {
        // echo -n "sre-token" | sha256sum
        assertThat(TokenRegistry.digestOf("sre-token"))
                .isEqualTo("37752132c683e29e09d1e6c0aeb28d315578b1220bd9d22a5c57740c6c388a58");
    }

    @Test
    void refusesAConfigurationWithAnUnknownRoleOrAPlainToken() {
        assertThatThrownBy(() -> TokenRegistry.of(List.of(
                TokenRegistry.Declared.of("x", "root", TokenRegistry.digestOf("t")))))
                .hasMessage("API token x: role must be viewer, sre or admin");
        assertThatThrownBy(() -> TokenRegistry.of(List.of(TokenRegistry.Declared.of("x", "sre", "plain-token"))))
                .hasMessage("API token x: sha256 must be 64 hex digits");
        assertThatThrownBy(() -> TokenRegistry.of(List.of(TokenRegistry.Declared.of("x", null, null))))
                .hasMessage("API token x: role must be viewer, sre or admin");
    }

    @Test
    void refusesTheSameNameTwice() {
        String digest = TokenRegistry.digestOf("t");

        assertThatThrownBy(() -> TokenRegistry.of(List.of(TokenRegistry.Declared.of("ops", "sre", digest),
                new TokenRegistry.Declared("ops", "admin", digest, "tokens, line 2"))))
                .hasMessage("tokens, line 2: the name ops is configured twice");
    }

    @Test
    void readsATokensFileWithCommentsAndBlankLines() {
        String file = "# on-call rota\n\nops:admin:" + TokenRegistry.digestOf("t0ken-1") + "\r\n  ci : viewer : "
                + TokenRegistry.digestOf("t0ken-2") + "  \n";

        List<TokenRegistry.Declared> declared = TokenRegistry.parseFile(file, "/etc/slipway/tokens");
        TokenRegistry tokens = TokenRegistry.of(declared);

        assertThat(declared).extracting(TokenRegistry.Declared::where)
                .containsExactly("/etc/slipway/tokens, line 3", "/etc/slipway/tokens, line 4");
        assertThat(tokens.authenticate("t0ken-1")).contains(new TokenRegistry.Caller("ops", Role.ADMIN));
        assertThat(tokens.authenticate("t0ken-2")).contains(new TokenRegistry.Caller("ci", Role.VIEWER));
        assertThat(TokenRegistry.parseFile(null, "none")).isEmpty();
    }

    @Test
    void refusesMalformedFileLinesWithoutPrintingThem() {
        assertThatThrownBy(() -> TokenRegistry.parseFile("# x\nops:sre", "tokens"))
                .hasMessage("tokens, line 2: expected name:role:sha256-hex");
        assertThatThrownBy(() -> TokenRegistry.of(TokenRegistry.parseFile(
                "ops:sre+admin:" + TokenRegistry.digestOf("x"), "tokens")))
                .hasMessage("tokens, line 1: role must be viewer, sre or admin");
        assertThatThrownBy(() -> TokenRegistry.of(TokenRegistry.parseFile("ops:sre:plaintext-token-here", "tokens")))
                .hasMessage("tokens, line 1: sha256 must be 64 hex digits")
                .hasMessageNotContaining("plaintext-token-here");
        assertThat(TokenRegistry.parseFile("ops:sre:secret-canary", "tokens").get(0)).hasToString("tokens, line 1");
    }
}

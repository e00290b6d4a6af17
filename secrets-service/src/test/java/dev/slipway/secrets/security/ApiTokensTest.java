package dev.slipway.secrets.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

class ApiTokensTest {

    @Test
    void findsTheCallerOfAKnownTokenWithItsRoles() {
        ApiTokens tokens = ApiTokens.parse("ops:sre+admin:" + ApiTokens.digestHex("t0ken-1") + "\n# comment\n"
                + "ci:sre:" + ApiTokens.digestHex("t0ken-2"), "test");

        assertThat(tokens.find("t0ken-1")).hasValueSatisfying(c -> {
            assertThat(c.name()).isEqualTo("ops");
            assertThat(c.roles()).isEqualTo(Set.of("sre", "admin"));
        });
        assertThat(tokens.find("t0ken-2")).hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("ci"));
        assertThat(tokens.find("t0ken-3")).isEmpty();
        assertThat(tokens.find("")).isEmpty();
        assertThat(tokens.find(null)).isEmpty();
    }

    @Test
    void refusesMalformedEntriesWithoutPrintingThem() {
        assertThatThrownBy(() -> ApiTokens.parse("ops:sre", "SLIPWAY_SECRETS_AUTH_TOKENS"))
                .hasMessageContaining("entry 1: expected name:role+role:sha256-hex");
        assertThatThrownBy(() -> ApiTokens.parse("ops:root:" + ApiTokens.digestHex("x"), "t"))
                .hasMessageContaining("unknown role 'root'");
        assertThatThrownBy(() -> ApiTokens.parse("ops:sre:plaintext-token-here", "t"))
                .hasMessageContaining("64 hex digits").hasMessageNotContaining("plaintext-token-here");
    }
}

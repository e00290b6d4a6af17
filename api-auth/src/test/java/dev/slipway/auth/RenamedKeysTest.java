package dev.slipway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class RenamedKeysTest {

    @Test
    void findsTheOldKeysOfEachServiceInPropertyAndEnvironmentForm() {
        assertThat(RenamedKeys.find(List.of("slipway.gateway.api.tokens.ci.role")))
                .contains("slipway.gateway.api.tokens.ci.role");
        assertThat(RenamedKeys.find(List.of("quarkus.http.port", "SLIPWAY_BACKUP_API_TOKENS_CI_SHA256")))
                .contains("SLIPWAY_BACKUP_API_TOKENS_CI_SHA256");
        assertThat(RenamedKeys.find(List.of("slipway.secrets.auth.tokens"))).contains("slipway.secrets.auth.tokens");
        assertThat(RenamedKeys.find(List.of("slipway.secrets.auth.tokens-file")))
                .contains("slipway.secrets.auth.tokens-file");
        assertThat(RenamedKeys.find(List.of("SLIPWAY_SECRETS_AUTH_TOKENS_FILE")))
                .contains("SLIPWAY_SECRETS_AUTH_TOKENS_FILE");
        assertThat(RenamedKeys.find(List.of("%test.slipway.gateway.api.tokens.x.role")))
                .contains("%test.slipway.gateway.api.tokens.x.role");
    }

    @Test
    void leavesTheCurrentKeysAndOtherSettingsAlone() {
        assertThat(RenamedKeys.find(List.of("slipway.api.tokens.ci.role", "slipway.api.tokens-file",
                "SLIPWAY_API_TOKENS_CI_SHA256", "slipway.gateway.api-base-url", "slipway.secrets.kek.keys",
                "slipway.backup.api.tokensx"))).isEmpty();
    }

    @Test
    void theMessageNamesTheNewKeys() {
        assertThat(RenamedKeys.message("SLIPWAY_GATEWAY_API_TOKENS_CI_ROLE"))
                .startsWith("SLIPWAY_GATEWAY_API_TOKENS_CI_ROLE is no longer read")
                .contains("slipway.api.tokens.<name>.role", "slipway.api.tokens-file");
    }
}

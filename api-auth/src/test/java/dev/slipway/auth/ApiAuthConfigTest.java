package dev.slipway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The keys as SmallRye Config maps them, from properties and from environment variables as a deployment sets them. */
class ApiAuthConfigTest {

    private static ApiAuthConfig map(Map<String, String> properties, Map<String, String> environment) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(ApiAuthConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 250))
                .withSources(new EnvConfigSource(environment, 300)).build();
        return config.getConfigMapping(ApiAuthConfig.class);
    }

    @Test
    void readsTokensByNameFromProperties() {
        ApiAuthConfig config = map(Map.of("slipway.api.tokens.test-viewer.role", "viewer",
                "slipway.api.tokens.test-viewer.sha256", "ab".repeat(32)), Map.of());

        assertThat(config.tokens()).containsOnlyKeys("test-viewer");
        assertThat(config.tokens().get("test-viewer").role()).isEqualTo("viewer");
        assertThat(config.tokens().get("test-viewer").sha256()).isEqualTo("ab".repeat(32));
        assertThat(config.tokensFile()).isEmpty();
    }

    @Test
    void readsTokensAndTheTokensFileFromEnvironmentVariables() {
        ApiAuthConfig config = map(Map.of(), Map.of("SLIPWAY_API_TOKENS_CI_ROLE", "sre",
                "SLIPWAY_API_TOKENS_CI_SHA256", "cd".repeat(32), "SLIPWAY_API_TOKENS_FILE",
                "/etc/slipway/tokens/tokens"));

        assertThat(config.tokens()).containsOnlyKeys("ci");
        assertThat(config.tokens().get("ci").role()).isEqualTo("sre");
        assertThat(config.tokensFile()).contains(Path.of("/etc/slipway/tokens/tokens"));
    }

    @Test
    void noTokensAreConfiguredByDefault() {
        ApiAuthConfig config = map(Map.of(), Map.of());

        assertThat(config.tokens()).isEmpty();
        assertThat(config.tokensFile()).isEmpty();
    }
}

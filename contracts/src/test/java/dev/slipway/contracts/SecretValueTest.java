package dev.slipway.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;

class SecretValueTest {

    private static final String VALUE = "hunter2-very-secret";

    @Test
    void neverShowsValueInToString() {
        SecretValue secret = SecretValue.of(VALUE);

        assertThat(secret.toString()).isEqualTo(SecretValue.REDACTED).doesNotContain(VALUE);
        assertThat(String.valueOf(Map.of("password", secret))).doesNotContain(VALUE);
    }

    @Test
    void neverShowsValueInJson() throws JsonProcessingException {
        String json = Json.MAPPER.writeValueAsString(Map.of("password", SecretValue.of(VALUE)));

        assertThat(json).isEqualTo("{\"password\":\"[redacted]\"}");
    }

    @Test
    void revealsValueOnlyWhenAsked() {
        assertThat(SecretValue.of(VALUE).reveal()).isEqualTo(VALUE);
    }

    @Test
    void comparesByValue() {
        assertThat(SecretValue.of(VALUE)).isEqualTo(SecretValue.of(VALUE)).isNotEqualTo(SecretValue.of("other"));
    }

    @Test
    void destroyOverwritesHeldBytes() {
        SecretValue secret = SecretValue.of(VALUE);

        secret.destroy();

        assertThat(secret.reveal()).isNotEqualTo(VALUE);
        assertThat(secret.revealBytes()).containsOnly(0);
    }
}

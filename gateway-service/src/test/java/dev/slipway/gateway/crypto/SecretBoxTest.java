package dev.slipway.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import dev.slipway.contracts.SecretValue;

class SecretBoxTest {

    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(
            StandardCharsets.UTF_8));
    private final SecretBox box = SecretBox.ofBase64(KEY);

    @Test
    void opensWhatItSealed() {
        byte[] sealed = box.encrypt(SecretValue.of("It's a Secret to Everybody"), "repo-1");

        assertThat(box.decrypt(sealed, "repo-1").reveal()).isEqualTo("It's a Secret to Everybody");
    }

    @Test
    void neverStoresTheSecretInTheClear() {
        byte[] sealed = box.encrypt(SecretValue.of("It's a Secret to Everybody"), "repo-1");

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("Secret");
        assertThat(box.encrypt(SecretValue.of("It's a Secret to Everybody"), "repo-1")).isNotEqualTo(sealed);
    }

    @Test
    void refusesACiphertextMovedToAnotherRow() {
        byte[] sealed = box.encrypt(SecretValue.of("hunter2"), "repo-1");

        assertThatThrownBy(() -> box.decrypt(sealed, "repo-2")).isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void refusesACiphertextOfAnotherKey() {
        SecretBox other = SecretBox.ofBase64(Base64.getEncoder().encodeToString(new byte[32]));
        byte[] sealed = other.encrypt(SecretValue.of("hunter2"), "repo-1");

        assertThatThrownBy(() -> box.decrypt(sealed, "repo-1")).isInstanceOf(IllegalStateException.class);
        assertThat(other.keyId()).isNotEqualTo(box.keyId()).hasSize(16);
    }

    @Test
    void refusesAKeyOfTheWrongLengthWithoutEchoingIt() {
        assertThatThrownBy(() -> SecretBox.ofBase64(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SecretBox.ofBase64("not*base64")).hasMessageNotContaining("not*base64");
        assertThatThrownBy(() -> SecretBox.ofBase64(" ")).hasMessageContaining("slipway.gateway.secret-key");
    }
}

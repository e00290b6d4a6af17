package dev.slipway.secrets.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class KeyringTest {

    @Test
    void readsKeysFromLinesAndCommas() {
        String text = "# keyring\n" + Keys.entry("2024-01") + "\n\n" + Keys.entry("2025-06") + "," + Keys.entry("k3");

        List<Kek> keys = Keyring.parse(text, "test");

        assertThat(keys).extracting(Kek::id).containsExactly("2024-01", "2025-06", "k3");
        assertThat(new Keyring("2025-06", keys).active().id()).isEqualTo("2025-06");
    }

    @Test
    void refusesToStartWithoutTheActiveKey() {
        List<Kek> keys = Keyring.parse(Keys.entry("old"), "test");

        assertThatThrownBy(() -> new Keyring("new", keys))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("'new' is not in the keyring (known ids: old)");
        assertThatThrownBy(() -> new Keyring("", keys))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("no active key-encryption key");
        assertThatThrownBy(() -> new Keyring("k", List.of()))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void refusesAShortKeyWithoutPrintingIt() {
        String shortKey = Base64.getEncoder().encodeToString("only-sixteen-byt".getBytes());

        assertThatThrownBy(() -> Keyring.parse("k1:" + shortKey, "SLIPWAY_SECRETS_KEK_KEYS"))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("must be 32 bytes")
                .hasMessageNotContaining(shortKey)
                .hasMessageNotContaining("only-sixteen");
    }

    @Test
    void refusesAnEntryWithoutIdOrWithBadBase64() {
        assertThatThrownBy(() -> Keyring.parse("no-colon-here", "file"))
                .hasMessageContaining("expected id:base64-key");
        assertThatThrownBy(() -> Keyring.parse("k1:***notbase64***", "file"))
                .hasMessageContaining("not valid base64")
                .hasMessageNotContaining("notbase64");
    }

    @Test
    void refusesTheSameIdTwice() {
        assertThatThrownBy(() -> new Keyring("k1", List.of(Keys.kek("k1"), Keys.kek("k1"))))
                .hasMessageContaining("given twice");
    }
}

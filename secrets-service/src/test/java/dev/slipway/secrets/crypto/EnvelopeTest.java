package dev.slipway.secrets.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.slipway.contracts.SecretValue;

class EnvelopeTest {

    private static final SecretValue VALUE = SecretValue.of("s3cr3t-hunter2");

    private final Kek k1 = Keys.kek("k1");
    private final Envelope envelope = new Envelope(Keys.keyring(k1));

    @Test
    void decryptsWhatItEncryptedForTheSamePlace() {
        DataKey dataKey = envelope.newDataKey();
        Binding binding = new Binding("shop", "staging", "DB_PASSWORD", 1);

        Ciphertext ciphertext = envelope.encrypt(dataKey, binding, VALUE);

        assertThat(envelope.decrypt(dataKey, binding, ciphertext).reveal()).isEqualTo("s3cr3t-hunter2");
        assertThat(ciphertext.nonce()).hasSize(12);
        assertThat(new String(ciphertext.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("hunter2");
    }

    @Test
    void usesAFreshNonceForEveryEncryption() {
        DataKey dataKey = envelope.newDataKey();
        Binding binding = new Binding("shop", "staging", "DB_PASSWORD", 1);

        Ciphertext first = envelope.encrypt(dataKey, binding, VALUE);
        Ciphertext second = envelope.encrypt(dataKey, binding, VALUE);

        assertThat(first.nonce()).isNotEqualTo(second.nonce());
        assertThat(first.bytes()).isNotEqualTo(second.bytes());
    }

    @Test
    void refusesACiphertextMovedToAnotherKeyAppEnvironmentOrVersion() {
        DataKey dataKey = envelope.newDataKey();
        Ciphertext ciphertext = envelope.encrypt(dataKey, new Binding("shop", "staging", "DB_PASSWORD", 3), VALUE);

        for (Binding elsewhere : new Binding[]{
                new Binding("shop", "staging", "API_TOKEN", 3),
                new Binding("cart", "staging", "DB_PASSWORD", 3),
                new Binding("shop", "production", "DB_PASSWORD", 3),
                new Binding("shop", "staging", "DB_PASSWORD", 2)}) {
            assertThatThrownBy(() -> envelope.decrypt(dataKey, elsewhere, ciphertext))
                    .isInstanceOf(CryptoException.class)
                    .hasMessageContaining("does not authenticate")
                    .hasMessageNotContaining("hunter2");
        }
    }

    @Test
    void detectsAFlippedByteInTheCiphertextOrTheNonce() {
        DataKey dataKey = envelope.newDataKey();
        Binding binding = new Binding("shop", "staging", "DB_PASSWORD", 1);
        Ciphertext ciphertext = envelope.encrypt(dataKey, binding, VALUE);

        byte[] bytes = ciphertext.bytes();
        bytes[0] ^= 0x01;
        byte[] nonce = ciphertext.nonce();
        nonce[11] ^= (byte) 0x80;

        assertThatThrownBy(() -> envelope.decrypt(dataKey, binding, new Ciphertext(ciphertext.nonce(), bytes)))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> envelope.decrypt(dataKey, binding, new Ciphertext(nonce, ciphertext.bytes())))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void aDataKeyWrappedForOneEnvironmentDoesNotOpenForAnother() {
        WrappedKey wrapped = envelope.wrap(envelope.newDataKey(), "shop", "staging");

        assertThat(wrapped.kekId()).isEqualTo("k1");
        assertThatThrownBy(() -> envelope.unwrap(wrapped, "shop", "production"))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> envelope.unwrap(wrapped, "cart", "staging"))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void rotatingTheKekRewrapsDataKeysAndLeavesValueCiphertextsReadable() {
        // Given a value encrypted under a data key wrapped by k1
        DataKey dataKey = envelope.newDataKey();
        Binding binding = new Binding("shop", "production", "DB_PASSWORD", 1);
        Ciphertext ciphertext = envelope.encrypt(dataKey, binding, VALUE);
        WrappedKey underK1 = envelope.wrap(dataKey, "shop", "production");

        // When k2 becomes the active key and the data key is rewrapped
        Kek k2 = Keys.kek("k2");
        Envelope rotated = new Envelope(Keys.keyring(k2, k1));
        assertThat(rotated.needsRewrap(underK1)).isTrue();
        WrappedKey underK2 = rotated.rewrap(underK1, "shop", "production");

        // Then k1 can be retired: the untouched value ciphertext opens with k2 alone
        Envelope onlyK2 = new Envelope(Keys.keyring(k2));
        assertThat(underK2.kekId()).isEqualTo("k2");
        assertThat(onlyK2.needsRewrap(underK2)).isFalse();
        assertThat(onlyK2.decrypt(onlyK2.unwrap(underK2, "shop", "production"), binding, ciphertext).reveal())
                .isEqualTo("s3cr3t-hunter2");
    }

    @Test
    void aDataKeyWrappedByAnUnknownKekNamesTheMissingKeyId() {
        WrappedKey underK1 = envelope.wrap(envelope.newDataKey(), "shop", "staging");
        Envelope withoutK1 = new Envelope(Keys.keyring(Keys.kek("k2")));

        assertThatThrownBy(() -> withoutK1.unwrap(underK1, "shop", "staging"))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("'k1' is not in the keyring");
    }

    @Test
    void aDataKeyDoesNotOpenWithAnotherKekOfTheSameId() {
        WrappedKey underK1 = envelope.wrap(envelope.newDataKey(), "shop", "staging");
        Envelope impostor = new Envelope(Keys.keyring(Keys.kek("k1")));

        assertThatThrownBy(() -> impostor.unwrap(underK1, "shop", "staging"))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("does not authenticate");
    }
}

package dev.slipway.secrets.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.slipway.contracts.SecretValue;
import dev.slipway.contracts.sealing.Sealed;
import dev.slipway.contracts.sealing.Sealer;

class SealingKeyTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final SecretValue VALUE = SecretValue.of("sealed-canary-7f3a");

    private static SealingKey key;

    @BeforeAll
    static void load() {
        key = TestSealingKey.load();
    }

    @Test
    void aGeneratedKeyPairSealsAndOpens() {
        // 2048 bits keeps the test fast; the service generates 4096.
        SealingKey generated = SealingKey.generate(RANDOM, 2048);

        String sealed = SealingKey.seal(generated.publicKey(), "shop", "staging", "K", VALUE, RANDOM);

        assertThat(generated.unseal(sealed, "shop", "staging", "K").reveal()).isEqualTo("sealed-canary-7f3a");
    }

    @Test
    void importsAPkcs8PrivateKeyAndRefusesAWeakOneOrGarbage() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String weakPem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";

        assertThat(key.id()).hasSize(16);
        assertThatThrownBy(() -> SealingKey.fromPrivatePem(weakPem))
                .isInstanceOf(CryptoException.class).hasMessageContaining("at least 4096 bits");
        assertThatThrownBy(
                () -> SealingKey.fromPrivatePem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
                .isInstanceOf(CryptoException.class).hasMessageContaining("not a PKCS#8 RSA key");
    }

    @Test
    void opensAValueSealedWithThePublicPem() {
        String sealed = SealingKey.seal(SealingKey.readPublicPem(key.publicPem()), "shop", "production",
                "API_TOKEN", VALUE, RANDOM);

        assertThat(sealed).startsWith("v1:" + key.id() + ":").doesNotContain("sealed-canary");
        assertThat(key.unseal(sealed, "shop", "production", "API_TOKEN").reveal()).isEqualTo("sealed-canary-7f3a");
    }

    @Test
    void opensAValueSealedOfflineWithTheSharedSealer() {
        // What the slipway CLI does with the PEM of GET /api/sealing-key.
        String sealed = Sealer.fromPem(key.publicPem()).seal("shop", "production", "API_TOKEN", VALUE);

        assertThat(Sealed.keyIdOf(sealed)).isEqualTo(key.id());
        assertThat(key.unseal(sealed, "shop", "production", "API_TOKEN").reveal()).isEqualTo("sealed-canary-7f3a");
    }

    @Test
    void publicPemIsA4096BitSubjectPublicKeyInfo() {
        assertThat(key.publicPem()).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        assertThat(((java.security.interfaces.RSAPublicKey) SealingKey.readPublicPem(key.publicPem())).getModulus()
                .bitLength()).isEqualTo(4096);
    }

    @Test
    void refusesAValueSealedForAnotherAppEnvironmentOrKey() {
        String sealed = SealingKey.seal(key.publicKey(), "shop", "production", "API_TOKEN", VALUE, RANDOM);

        assertThatThrownBy(() -> key.unseal(sealed, "cart", "production", "API_TOKEN"))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("does not authenticate")
                .hasMessageNotContaining("sealed-canary");
        assertThatThrownBy(() -> key.unseal(sealed, "shop", "staging", "API_TOKEN"))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> key.unseal(sealed, "shop", "production", "DB_PASSWORD"))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void detectsAFlippedByteInASealedValue() {
        String sealed = SealingKey.seal(key.publicKey(), "shop", "production", "API_TOKEN", VALUE, RANDOM);
        String prefix = sealed.substring(0, sealed.lastIndexOf(':') + 1);
        byte[] body = Base64.getDecoder().decode(sealed.substring(prefix.length()));

        byte[] inSession = body.clone();
        inSession[10] ^= 1;
        byte[] inValue = body.clone();
        inValue[body.length - 1] ^= 1;

        for (byte[] tampered : new byte[][]{inSession, inValue}) {
            String text = prefix + Base64.getEncoder().encodeToString(tampered);
            assertThatThrownBy(() -> key.unseal(text, "shop", "production", "API_TOKEN"))
                    .isInstanceOf(CryptoException.class);
        }
    }

    @Test
    void refusesGarbageWithAClearMessage() {
        assertThatThrownBy(() -> key.unseal("plaintext-oops", "shop", "production", "K"))
                .hasMessageContaining("v1:<key id>:<base64>")
                .hasMessageNotContaining("plaintext-oops");
        assertThatThrownBy(() -> key.unseal("v1:" + key.id() + ":%%%", "shop", "production", "K"))
                .hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> key.unseal("v1:0000000000000000:AAAA", "shop", "production", "K"))
                .hasMessageContaining("sealed with sealing key 0000000000000000");
    }

    @Test
    void thePrivateKeyIsStoredWrappedByTheKekAndReopensAfterAKekRotation() {
        Kek k1 = Keys.kek("k1");
        Envelope envelope = new Envelope(Keys.keyring(k1));
        WrappedKey wrapped = key.wrapPrivate(envelope);
        String sealed = SealingKey.seal(key.publicKey(), "shop", "staging", "K", VALUE, RANDOM);

        SealingKey reopened = SealingKey.open(key.publicPem(), wrapped, envelope);
        assertThat(reopened.unseal(sealed, "shop", "staging", "K").reveal()).isEqualTo("sealed-canary-7f3a");

        Envelope rotated = new Envelope(Keys.keyring(Keys.kek("k2"), k1));
        WrappedKey rewrapped = reopened.wrapPrivate(rotated);
        assertThat(rewrapped.kekId()).isEqualTo("k2");
        assertThat(SealingKey.open(key.publicPem(), rewrapped, rotated).unseal(sealed, "shop", "staging", "K")
                .reveal()).isEqualTo("sealed-canary-7f3a");
        assertThatThrownBy(() -> SealingKey.open(key.publicPem(), wrapped, new Envelope(Keys.keyring(Keys.kek(
                "k2"))))).isInstanceOf(CryptoException.class).hasMessageContaining("'k1'");
    }
}

package dev.slipway.contracts.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import dev.slipway.contracts.SecretValue;

class SealerTest {

    private static final String PUBLIC_PEM = resource("sealing/test-sealing-key.pub.pem");
    private static final PrivateKey PRIVATE_KEY = privateKey(resource("sealing/test-sealing-key.pem"));
    private static final SecretValue VALUE = SecretValue.of("sealed-canary-91c4");

    @Test
    void sealedValueOpensWithThePrivateKeyForItsOwnAppEnvironmentAndKey() throws Exception {
        String sealed = Sealer.fromPem(PUBLIC_PEM).seal("shop", "production", "API_TOKEN", VALUE);

        assertThat(open(sealed, "shop", "production", "API_TOKEN")).isEqualTo("sealed-canary-91c4");
    }

    @Test
    void sealedTextNamesTheKeyAndNeverShowsTheValue() {
        Sealer sealer = Sealer.fromPem(PUBLIC_PEM);

        String sealed = sealer.seal("shop", "production", "API_TOKEN", VALUE);

        assertThat(sealer.keyId()).isEqualTo("b9c8cd1463723ed3");
        assertThat(sealed).startsWith("v1:b9c8cd1463723ed3:").doesNotContain("sealed-canary")
                .doesNotContain(Base64.getEncoder().encodeToString("sealed-canary-91c4".getBytes()));
        assertThat(sealer.seal("shop", "production", "API_TOKEN", VALUE)).as("a fresh session key each time")
                .isNotEqualTo(sealed);
    }

    @Test
    void aValueSealedForOneAppEnvironmentOrKeyDoesNotOpenForAnother() {
        String sealed = Sealer.fromPem(PUBLIC_PEM).seal("shop", "production", "API_TOKEN", VALUE);

        assertThatThrownBy(() -> open(sealed, "cart", "production", "API_TOKEN"))
                .isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> open(sealed, "shop", "staging", "API_TOKEN"))
                .isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> open(sealed, "shop", "production", "DB_PASSWORD"))
                .isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void opensTheGoldenValueSealedByAnIndependentImplementation() throws Exception {
        // Written once with Python's cryptography package from the format's description, not with this code.
        String golden = resource("sealing/golden-v1.txt").strip();

        assertThat(Sealed.keyIdOf(golden)).isEqualTo(Sealer.fromPem(PUBLIC_PEM).keyId());
        assertThat(open(golden, "hello", "production", "API_TOKEN")).isEqualTo("golden-fixture-value");
    }

    @Test
    void parsedTextWritesBackTheSameText() {
        String sealed = Sealer.fromPem(PUBLIC_PEM).seal("shop", "staging", "K", VALUE);

        Sealed parsed = Sealed.parse(sealed);

        assertThat(parsed.text()).isEqualTo(sealed);
        assertThat(parsed.wrappedKey()).hasSize(256);
        assertThat(parsed.nonce()).hasSize(Sealed.NONCE_BYTES);
        assertThat(parsed.ciphertext()).hasSize("sealed-canary-91c4".length() + Sealed.TAG_BITS / 8);
        assertThat(Sealed.parse("  " + sealed + "\n")).isEqualTo(parsed);
    }

    @Test
    void refusesTextThatIsNoSealedValueWithoutQuotingIt() {
        assertThatThrownBy(() -> Sealed.parse("plaintext-oops"))
                .isInstanceOf(SealingException.class)
                .hasMessage("a sealed value reads v1:<key id>:<base64>");
        assertThatThrownBy(() -> Sealed.parse("v2:abc:AAAA")).hasMessageContaining("v1:<key id>:<base64>");
        assertThatThrownBy(() -> Sealed.parse("v1::AAAA")).hasMessageContaining("v1:<key id>:<base64>");
        assertThatThrownBy(() -> Sealed.parse("v1:abc:%%%secret%%%"))
                .hasMessage("the sealed value is not valid base64 or is truncated");
        assertThatThrownBy(() -> Sealed.parse("v1:abc:AAAA")).hasMessageContaining("truncated");
        assertThatThrownBy(() -> Sealed.keyIdOf(null)).isInstanceOf(SealingException.class);
        assertThat(Sealed.keyIdOf("v1:0000000000000000:AAAA")).isEqualTo("0000000000000000");
    }

    @Test
    void associatedDataKeepsPartsApart() {
        assertThat(Sealed.associatedData("ab", "c", "k")).isNotEqualTo(Sealed.associatedData("a", "bc", "k"));
        assertThatThrownBy(() -> Sealed.associatedData("shop", null, "k")).isInstanceOf(SealingException.class);
    }

    @Test
    void refusesAKeyThatIsNoRsaPublicKeyOrIsTooSmall() throws Exception {
        assertThatThrownBy(() -> Sealer.fromPem("hello")).isInstanceOf(SealingException.class)
                .hasMessageContaining("not a PEM RSA public key");
        assertThatThrownBy(() -> Sealer.fromPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
                .isInstanceOf(SealingException.class).hasMessage("not a PEM RSA public key");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        assertThatThrownBy(() -> Sealer.of(generator.generateKeyPair().getPublic()))
                .hasMessage("the sealing key must have at least 2048 bits, it has 1024");
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        assertThatThrownBy(() -> Sealer.of(ec.generateKeyPair().getPublic()))
                .hasMessage("the sealing key must be an RSA public key");
    }

    @Test
    void readsThePemWithTextAroundIt() {
        String served = "# sealing key of slipway.example.test\n" + PUBLIC_PEM.replace("\n", "\r\n") + "\n";

        assertThat(Sealer.fromPem(served).keyId()).isEqualTo("b9c8cd1463723ed3");
    }

    /** What secrets-service does with its private key, written out here with the JDK alone. */
    private static String open(String text, String app, String environment, String key)
            throws GeneralSecurityException {
        Sealed sealed = Sealed.parse(text);
        Cipher rsa = Cipher.getInstance(Sealer.RSA_OAEP);
        rsa.init(Cipher.DECRYPT_MODE, PRIVATE_KEY, Sealer.oaepParameters());
        byte[] sessionKey = rsa.doFinal(sealed.wrappedKey());
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(sessionKey, "AES"),
                new GCMParameterSpec(Sealed.TAG_BITS, sealed.nonce()));
        aes.updateAAD(Sealed.associatedData(app, environment, key));
        return new String(aes.doFinal(sealed.ciphertext()), StandardCharsets.UTF_8);
    }

    private static PrivateKey privateKey(String pem) {
        String body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                    .decode(body)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = SealerTest.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}

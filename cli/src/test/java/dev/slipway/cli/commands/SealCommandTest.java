package dev.slipway.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.cli.Cli;
import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCode;
import dev.slipway.contracts.Json;
import dev.slipway.contracts.sealing.Sealed;
import dev.slipway.contracts.sealing.Sealer;

/** Sealing offline, with a public key file and no server at all. */
class SealCommandTest {

    @TempDir
    Path dir;

    /** contracts' test key pair (its test-jar), 2048 bits. */
    private static String resource(String name) throws IOException {
        try (InputStream in = SealCommandTest.class.getClassLoader().getResourceAsStream("sealing/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void sealsAValueFromStandardInputOfflineSoThatOnlyThePrivateKeyOpensIt() throws Exception {
        Path publicKey = Files.writeString(dir.resolve("sealing.pem"), resource("test-sealing-key.pub.pem"));

        Cli.Result result = Cli.run(Cli.environment(Map.of(), dir, "s3cr3t-from-stdin\n"), "seal", "shop",
                "production", "API_TOKEN", "--public-key", publicKey.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.OK);
        String sealed = result.out().strip();
        assertThat(sealed).startsWith("v1:b9c8cd1463723ed3:").doesNotContain("s3cr3t");
        assertThat(open(sealed, "shop", "production", "API_TOKEN")).isEqualTo("s3cr3t-from-stdin");
    }

    @Test
    void printsAKeyLineOrJson() throws Exception {
        Path publicKey = Files.writeString(dir.resolve("sealing.pem"), resource("test-sealing-key.pub.pem"));
        Path value = Files.writeString(dir.resolve("value"), "v");

        Cli.Result line = Cli.run(Cli.environment(Map.of(), dir, ""), "seal", "shop", "staging", "K",
                "--public-key", publicKey.toString(), "--from-file", value.toString(), "--line");
        Cli.Result json = Cli.run(Cli.environment(Map.of(), dir, ""), "seal", "shop", "staging", "K",
                "--public-key", publicKey.toString(), "--from-file", value.toString(), "-o", "json");

        assertThat(line.out()).startsWith("K=v1:b9c8cd1463723ed3:");
        JsonNode node = Json.MAPPER.readTree(json.out());
        assertThat(node.path("keyId").asText()).isEqualTo("b9c8cd1463723ed3");
        assertThat(open(node.path("sealed").asText(), "shop", "staging", "K")).isEqualTo("v");
    }

    @Test
    void refusesAnEmptyValueAMissingKeyFileAndAFileThatIsNoKey() throws IOException {
        Path publicKey = Files.writeString(dir.resolve("sealing.pem"), resource("test-sealing-key.pub.pem"));
        Path notAKey = Files.writeString(dir.resolve("not-a-key.pem"), "hello");

        Cli.Result empty = Cli.run(Cli.environment(Map.of(), dir, "\n"), "seal", "a", "b", "C", "--public-key",
                publicKey.toString());
        Cli.Result missing = Cli.run(Cli.environment(Map.of(), dir, "v"), "seal", "a", "b", "C", "--public-key",
                dir.resolve("nope.pem").toString());
        Cli.Result garbage = Cli.run(Cli.environment(Map.of(), dir, "v"), "seal", "a", "b", "C", "--public-key",
                notAKey.toString());

        assertThat(empty.exitCode()).isEqualTo(ExitCode.LOCAL_INPUT);
        assertThat(empty.err()).contains("is empty");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.LOCAL_INPUT);
        assertThat(garbage.exitCode()).isEqualTo(ExitCode.LOCAL_INPUT);
        assertThat(garbage.err()).contains("not a PEM RSA public key");
    }

    @Test
    void readsAFileOfSealedValuesAsLinesOrJson() throws IOException {
        Path lines = Files.writeString(dir.resolve("sealed.env"), "# staging\nAPI_TOKEN = v1:abc:AAAA\n\nDB=v1:x:y\n");
        Path json = Files.writeString(dir.resolve("sealed.json"), "{\"API_TOKEN\": \"v1:abc:AAAA\"}");
        Path bad = Files.writeString(dir.resolve("bad.env"), "API_TOKEN\n");

        assertThat(SecretsCommand.readSealedFile(lines)).containsExactly(Map.entry("API_TOKEN", "v1:abc:AAAA"),
                Map.entry("DB", "v1:x:y"));
        assertThat(SecretsCommand.readSealedFile(json)).containsExactly(Map.entry("API_TOKEN", "v1:abc:AAAA"));
        assertThatThrownBy(() -> SecretsCommand.readSealedFile(bad)).isInstanceOfSatisfying(CliException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCAL_INPUT)).hasMessageEndingWith(
                        "bad.env:1: expected KEY=v1:...");
    }

    /** What secrets-service does with the private key. */
    private static String open(String text, String app, String environment, String key) throws Exception {
        String pem = resource("test-sealing-key.pem").replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64
                .getDecoder().decode(pem)));
        Sealed sealed = Sealed.parse(text);
        Cipher rsa = Cipher.getInstance(Sealer.RSA_OAEP);
        rsa.init(Cipher.DECRYPT_MODE, privateKey, Sealer.oaepParameters());
        byte[] sessionKey = rsa.doFinal(sealed.wrappedKey());
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(sessionKey, "AES"), new GCMParameterSpec(Sealed.TAG_BITS,
                sealed.nonce()));
        aes.updateAAD(Sealed.associatedData(app, environment, key));
        return new String(aes.doFinal(sealed.ciphertext()), StandardCharsets.UTF_8);
    }
}

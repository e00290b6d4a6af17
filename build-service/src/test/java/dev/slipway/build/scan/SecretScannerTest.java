package dev.slipway.build.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.slipway.contracts.SecretValue;

class SecretScannerTest {

    // Built from parts so this source file does not itself look like it holds secrets.
    static final String PRIVATE_KEY_HEADER = "-----BEGIN " + "RSA PRIVATE KEY-----";
    static final String GITHUB_TOKEN = "ghp_" + "Zx9Yw8Vu7T".repeat(4);
    static final String AWS_KEY_ID = "AKIA" + "ABCDEFGHIJKLMNOP";

    @TempDir
    Path dir;

    @Test
    void findsPrivateKeysAndTokensByFileAndLineWithoutShowingThem() throws Exception {
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("deploy.pem"), PRIVATE_KEY_HEADER + "\nMIIE...\n");
        Files.writeString(dir.resolve("config/app.env"), "NAME=hello\nTOKEN=" + GITHUB_TOKEN + "\nAWS=" + AWS_KEY_ID
                + "\n");
        Files.writeString(dir.resolve("README.md"), "nothing to see; ghp_short is not a token\n");

        List<SecretScanner.Finding> findings = new SecretScanner().scan(dir);

        assertThat(findings).extracting(SecretScanner.Finding::toString).containsExactly(
                "config/app.env:2: GitHub token",
                "config/app.env:3: AWS access key id",
                "deploy.pem:1: private key");
        assertThat(findings.toString()).doesNotContain(GITHUB_TOKEN).doesNotContain(AWS_KEY_ID);
    }

    @Test
    void skipsGitMetadataAndBinaryFiles() throws Exception {
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/config"), PRIVATE_KEY_HEADER);
        byte[] binary = (PRIVATE_KEY_HEADER + "\0\1\2").getBytes();
        Files.write(dir.resolve("image.bin"), binary);

        assertThat(new SecretScanner().scan(dir)).isEmpty();
    }

    @Test
    void redactsKnownValuesAndTokenShapes() {
        Redactor redactor = new Redactor(List.of(SecretValue.of("s3cr3t-value"), SecretValue.of("ab")));

        assertThat(redactor.redact("pass=s3cr3t-value token=" + GITHUB_TOKEN + " about"))
                .isEqualTo("pass=[redacted] token=[redacted] about");
    }
}

package dev.slipway.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.slipway.gateway.webhook.Signatures.Verdict;

class SignaturesTest {

    private static final byte[] SECRET = "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    private static final String GITHUB_VECTOR = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void acceptsGithubsDocumentedTestVector() {
        assertThat(Signatures.verify(Provider.GITHUB, GITHUB_VECTOR, BODY, SECRET)).isEqualTo(Verdict.VALID);
        assertThat(Signatures.githubSignature(SECRET, BODY)).isEqualTo(GITHUB_VECTOR);
    }

    @Test
    void acceptsUpperCaseHexFromGithub() {
        assertThat(Signatures.verify(Provider.GITHUB, "sha256=" + GITHUB_VECTOR.substring(7).toUpperCase(), BODY,
                SECRET)).isEqualTo(Verdict.VALID);
    }

    @Test
    void rejectsGithubSignatureOfAnotherBody() {
        byte[] other = "Hello, World?".getBytes(StandardCharsets.UTF_8);
        assertThat(Signatures.verify(Provider.GITHUB, GITHUB_VECTOR, other, SECRET)).isEqualTo(Verdict.INVALID);
    }

    @Test
    void rejectsGithubSignatureMadeWithAnotherSecret() {
        String forged = Signatures.githubSignature("guess".getBytes(StandardCharsets.UTF_8), BODY);
        assertThat(Signatures.verify(Provider.GITHUB, forged, BODY, SECRET)).isEqualTo(Verdict.INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", "sha256=",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17aa", "sha256=zz"})
    void rejectsMalformedGithubSignatures(String header) {
        assertThat(Signatures.verify(Provider.GITHUB, header, BODY, SECRET)).isEqualTo(Verdict.INVALID);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void treatsAnEmptySignatureAsAMissingOne(String header) {
        for (Provider provider : Provider.values()) {
            assertThat(Signatures.verify(provider, header, BODY, SECRET)).as(provider.id()).isEqualTo(Verdict.MISSING);
        }
    }

    @Test
    void acceptsGiteaBareHexSignature() {
        String header = GITHUB_VECTOR.substring("sha256=".length());
        assertThat(Signatures.verify(Provider.GITEA, header, BODY, SECRET)).isEqualTo(Verdict.VALID);
    }

    @Test
    void rejectsGiteaSignatureWithGithubPrefix() {
        assertThat(Signatures.verify(Provider.GITEA, GITHUB_VECTOR, BODY, SECRET)).isEqualTo(Verdict.INVALID);
    }

    @Test
    void acceptsGitlabTokenEqualToTheSecret() {
        assertThat(Signatures.verify(Provider.GITLAB, "It's a Secret to Everybody", BODY, SECRET))
                .isEqualTo(Verdict.VALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"It's a Secret to Everybody!", "It's a Secret to Everybod", "it's a secret to everybody"})
    void rejectsGitlabTokenThatDiffers(String token) {
        assertThat(Signatures.verify(Provider.GITLAB, token, BODY, SECRET)).isEqualTo(Verdict.INVALID);
    }

    @Test
    void signsWithAnEmptySecretWithoutFailing() {
        byte[] empty = new byte[0];
        String signature = Signatures.githubSignature(empty, BODY);
        assertThat(Signatures.verify(Provider.GITHUB, signature, BODY, empty)).isEqualTo(Verdict.VALID);
    }
}

package dev.slipway.backup.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.slipway.backup.BackupException;
import dev.slipway.backup.support.Secrets;
import dev.slipway.contracts.SecretValue;
import dev.slipway.testkit.kubernetes.MockKubernetes;

/** Passwords read from the application's Secret through the (mock) Kubernetes API. */
class KubernetesPasswordsTest {

    private final KubernetesPasswords passwords = new KubernetesPasswords(MockKubernetes.shared().client());

    @Test
    void readsTheKeyOfTheApplicationsSecret() throws Exception {
        // Given the Secret secrets-service keeps for the application
        Secrets.put("pw-shop", "shop-secrets", "DATABASE_PASSWORD", "correct horse");

        // When the password is read
        SecretValue password = passwords.password(new PasswordRef.KubernetesSecret("pw-shop", "shop-secrets",
                "DATABASE_PASSWORD"));

        // Then it is the Secret's value
        assertThat(password.reveal()).isEqualTo("correct horse");
    }

    @Test
    void aMissingSecretIsUnavailableAndNamed() {
        assertThatThrownBy(() -> passwords.password(new PasswordRef.KubernetesSecret("pw-none", "gone-secrets",
                "DATABASE_PASSWORD")))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.problem())
                        .isEqualTo(BackupException.Problem.PASSWORD_UNAVAILABLE))
                .hasMessageContaining("pw-none/gone-secrets does not exist");
    }

    @Test
    void aMissingKeyIsNamedWithoutShowingTheOthers() {
        Secrets.put("pw-other", "other-secrets", "API_TOKEN", "tok-123456");

        assertThatThrownBy(() -> passwords.password(new PasswordRef.KubernetesSecret("pw-other", "other-secrets",
                "DATABASE_PASSWORD")))
                .hasMessageContaining("has no key DATABASE_PASSWORD").hasMessageNotContaining("tok-123456");
    }

    @Test
    void aConfiguredPasswordNeedsNoCluster() throws Exception {
        assertThat(passwords.password(new PasswordRef.Configured(SecretValue.of("static"))).reveal())
                .isEqualTo("static");
    }
}

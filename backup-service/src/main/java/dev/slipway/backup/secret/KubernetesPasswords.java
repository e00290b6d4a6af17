package dev.slipway.backup.secret;

import java.util.Base64;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import dev.slipway.backup.BackupException;
import dev.slipway.backup.BackupException.Problem;
import dev.slipway.contracts.SecretValue;

/**
 * Reads passwords from the Secrets secrets-service keeps in each application's namespace, through the Kubernetes API
 * (backup-service needs {@code get} on Secrets, nothing more). Configured passwords pass straight through.
 */
public final class KubernetesPasswords implements PasswordSource {

    private final KubernetesClient client;

    public KubernetesPasswords(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public SecretValue password(PasswordRef ref) throws BackupException {
        if (ref instanceof PasswordRef.Configured configured) {
            return configured.password();
        }
        PasswordRef.KubernetesSecret secretRef = (PasswordRef.KubernetesSecret) ref;
        Secret secret;
        try {
            secret = client.secrets().inNamespace(secretRef.namespace()).withName(secretRef.name()).get();
        } catch (KubernetesClientException e) {
            throw new BackupException(Problem.PASSWORD_UNAVAILABLE, "cannot read Secret " + secretRef.namespace()
                    + "/" + secretRef.name() + ": " + e.getMessage(), e);
        }
        if (secret == null) {
            throw new BackupException(Problem.PASSWORD_UNAVAILABLE, "Secret " + secretRef.namespace() + "/"
                    + secretRef.name() + " does not exist (has secrets-service synced it?)");
        }
        String encoded = secret.getData() == null ? null : secret.getData().get(secretRef.key());
        if (encoded != null) {
            try {
                return SecretValue.ofBytes(Base64.getDecoder().decode(encoded));
            } catch (IllegalArgumentException e) {
                throw new BackupException(Problem.PASSWORD_UNAVAILABLE, "key " + secretRef.key() + " of Secret "
                        + secretRef.namespace() + "/" + secretRef.name() + " is not valid base64");
            }
        }
        String plain = secret.getStringData() == null ? null : secret.getStringData().get(secretRef.key());
        if (plain != null) {
            return SecretValue.of(plain);
        }
        throw new BackupException(Problem.PASSWORD_UNAVAILABLE, "Secret " + secretRef.namespace() + "/"
                + secretRef.name() + " has no key " + secretRef.key());
    }
}

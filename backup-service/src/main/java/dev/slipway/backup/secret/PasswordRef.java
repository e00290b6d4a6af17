package dev.slipway.backup.secret;

import dev.slipway.contracts.SecretValue;

/** Where a database's password is: an application's Kubernetes Secret, or configuration. */
public sealed interface PasswordRef {

    /** The key {@code key} of the Secret {@code name} in {@code namespace}. */
    record KubernetesSecret(String namespace, String name, String key) implements PasswordRef {
        @Override
        public String toString() {
            return "Secret " + namespace + "/" + name + " key " + key;
        }
    }

    /** A password from configuration. */
    record Configured(SecretValue password) implements PasswordRef {
        @Override
        public String toString() {
            return "configured password";
        }
    }
}

package dev.slipway.secrets.crypto;

/**
 * Where a value belongs. Bound into its ciphertext as associated data, so a ciphertext copied to another application,
 * environment, key or version does not open.
 *
 * @param app the application
 * @param environment the environment
 * @param key the secret's key (an environment variable name in the pod)
 * @param version the value's version, from 1
 */
public record Binding(String app, String environment, String key, int version) {

    public Binding {
        if (app == null || environment == null || key == null) {
            throw new IllegalArgumentException("app, environment and key are required");
        }
        if (version < 1) {
            throw new IllegalArgumentException("versions start at 1");
        }
    }

    byte[] associatedData() {
        return AssociatedData.of(AssociatedData.VALUE, app, environment, key, Integer.toString(version));
    }

    @Override
    public String toString() {
        return app + "/" + environment + "/" + key + " v" + version;
    }
}

package dev.slipway.secrets.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** secrets-service settings; each key is also an environment variable ({@code SLIPWAY_SECRETS_KEK_ACTIVE}, ...). */
@ConfigMapping(prefix = "slipway.secrets")
public interface SecretsConfig {

    Kek kek();

    Sealing sealing();

    Sync sync();

    Rotation rotation();

    /** Key-encryption keys. There is no default: the service does not start without its active key. */
    interface Kek {

        /** The id of the key that wraps every new data key ({@code SLIPWAY_SECRETS_KEK_ACTIVE}). Required. */
        String active();

        /**
         * A keyring file, one {@code id:base64-of-32-bytes} per line (a mounted Kubernetes Secret). Merged with
         * {@link #keys()}.
         */
        Optional<Path> file();

        /** Keys given inline, {@code id:base64} separated by commas ({@code SLIPWAY_SECRETS_KEK_KEYS}). */
        Optional<String> keys();

        /** At start-up, rewrap every data key and sealing key wrapped by an older key-encryption key. */
        @WithDefault("true")
        boolean rewrapOnStart();
    }

    /** The sealing key pair teams seal values with. */
    interface Sealing {

        /**
         * A PKCS#8 PEM RSA private key (at least 4096 bits) to adopt when the database holds no sealing key yet, so
         * values sealed for another installation stay valid. Without it a new 4096-bit key pair is generated.
         */
        Optional<Path> privateKeyFile();
    }

    /** Keeping Kubernetes Secrets in step. */
    interface Sync {

        /** How long one apply to the Kubernetes API may take. */
        @WithDefault("10s")
        Duration timeout();

        /** Tries of an apply that fails for a reason that may pass (API server unavailable, a timeout). */
        @WithDefault("3")
        int attempts();

        /** The first wait between tries, doubling up to {@link #maxBackoff()}. */
        @WithDefault("500ms")
        Duration backoff();

        /** The longest wait between tries. */
        @WithDefault("5s")
        Duration maxBackoff();

        /** How often every Secret is compared with the stored values and restored if edited or deleted by hand. */
        @WithDefault("60s")
        String reconcileEvery();
    }

    /** Scheduled rotation of generated secrets. */
    interface Rotation {

        /** How often to look for generated secrets whose rotation period has passed. */
        @WithDefault("60s")
        String checkEvery();
    }
}

package dev.slipway.build.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** build-service settings; every key can be set as an environment variable ({@code SLIPWAY_BUILD_...}). */
@ConfigMapping(prefix = "slipway.build")
public interface BuildConfig {

    Registry registry();

    Git git();

    Commands commands();

    Retry retry();

    /** Directory under which each build gets a fresh directory, deleted when it ends. */
    @WithDefault("${java.io.tmpdir}/slipway-build/work")
    Path workDirectory();

    /** Directory where Jib keeps base-image and application layers between builds. */
    @WithDefault("${java.io.tmpdir}/slipway-build/cache")
    Path cacheDirectory();

    /** Builds one instance runs at once. */
    @WithDefault("2")
    int concurrency();

    /** Time limit of building and pushing one image. */
    @WithDefault("10m")
    Duration pushTimeout();

    interface Registry {
        /** Host and port of the registry images are pushed to. */
        @WithDefault("127.0.0.1:5000")
        String address();

        /** Repository path prefix: an application's image is {@code <address>/<namespace>/<app>}. */
        @WithDefault("apps")
        String namespace();

        /** Allow plain HTTP (and unverified HTTPS) to registries: for a registry on a private network or in tests. */
        @WithDefault("false")
        boolean insecure();

        /** Registry user name; with {@code password}, used for pushes and for base images in this registry. */
        Optional<String> username();

        /** Registry password or token. */
        Optional<String> password();

        /** Time limit of one registry API request. */
        @WithDefault("30s")
        Duration requestTimeout();
    }

    interface Git {
        /** URL schemes build-service fetches from. */
        @WithDefault("https,http")
        Set<String> allowedSchemes();

        /** User name for http(s) repositories (a token's user, such as {@code oauth2} or {@code x-access-token}). */
        Optional<String> username();

        /** Password or access token for http(s) repositories; never taken from a repository URL. */
        Optional<String> password();

        /** Time limit of fetching one commit. */
        @WithDefault("5m")
        Duration timeout();

        Ssh ssh();
    }

    /**
     * Fetching over {@code ssh://} (and scp-like {@code git@host:owner/repo.git}) URLs. {@code ssh} is allowed only when
     * a private key is configured; host keys are always checked against the configured known_hosts file, and nothing
     * is read from the service user's {@code ~/.ssh} or ssh-agent.
     */
    interface Ssh {
        /** The client's private key file (OpenSSH or PEM format); setting it allows {@code ssh} URLs. */
        Optional<Path> privateKeyFile();

        /** Passphrase of the private key file, if it is encrypted. */
        Optional<String> passphrase();

        /** The known_hosts file every ssh host key is checked against; required with a private key. */
        Optional<Path> knownHostsFile();

        /** Login name for ssh URLs that name none ({@code ssh://host/owner/repo.git}). */
        @WithDefault("git")
        String user();
    }

    interface Commands {
        /** The {@code PATH} build commands see; their environment holds nothing else from this service. */
        @WithDefault("/usr/local/bin:/usr/bin:/bin")
        String path();

        /** Ceiling on a spec's {@code build.commandTimeout}. */
        @WithDefault("30m")
        Duration maxTimeout();

        /** Lines of a failing command's output kept in {@code stage-failed}. */
        @WithDefault("50")
        int logTailLines();
    }

    interface Retry {
        /** Tries in all for a transient failure (registry or git unreachable). */
        @WithDefault("4")
        int maxAttempts();

        /** Wait before the second try; doubles each time. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** Longest wait between tries. */
        @WithDefault("15s")
        Duration maxBackoff();
    }
}

package dev.slipway.build.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Real ssh git servers on 127.0.0.1 for the service under test, and the service's ssh configuration: an encrypted
 * client key and a known_hosts file.
 * <ul>
 * <li>{@code trusted}: its host key is in the known_hosts file; {@code git} logs in with the service's key, while
 * {@code other} accepts only a key the service does not have.</li>
 * <li>{@code stranger}: serves the same repositories with a host key the known_hosts file does not list.</li>
 * <li>{@code scp}: the trusted server's twin on port 22, for scp-like URLs (which cannot name a port); started only
 * when port 22 can be bound ({@code slipway.test.ssh.scp-port} is 0 otherwise).</li>
 * </ul>
 * Tests find the servers through the {@code slipway.test.ssh.*} properties and put bare repositories under
 * {@code slipway.test.ssh.root}.
 */
public class SshGitTestResource implements QuarkusTestResourceLifecycleManager {

    /** The client key's passphrase: it must never appear in a log line or an event. */
    public static final String PASSPHRASE = "ssh-passphrase-must-stay-hidden-4d1e";

    private static final Logger LOG = Logger.getLogger(SshGitTestResource.class);

    private final List<SshGitServer> servers = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        Path dir;
        try {
            Files.createDirectories(Path.of("target"));
            dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "ssh-fixture-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            // The application's log file (see application.properties) starts empty, so the tests read only this run.
            Files.deleteIfExists(Path.of("target/build-service-test.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path root = dir.resolve("served");
        KeyPair hostKey = SshKeys.ecdsa();
        // ECDSA rather than ed25519 here: in a Quarkus test JVM the BouncyCastle provider sshd needs for ed25519 is
        // registered from the JVM's class loader while sshd runs in the application's, and their EdDSA key types
        // do not mix. SshCheckoutTest covers ed25519 keys in one class loader, as the packaged service has.
        KeyPair clientKey = SshKeys.ecdsa();
        KeyPair otherKey = SshKeys.ecdsa();

        SshGitServer trusted = started(SshGitServer.start(root, hostKey, 0).authorize("git", clientKey.getPublic())
                .authorize("other", otherKey.getPublic()));
        SshGitServer stranger = started(SshGitServer.start(root, SshKeys.ecdsa(), 0)
                .authorize("git", clientKey.getPublic()));
        List<String> knownHosts = new ArrayList<>(List.of("# Slipway test servers", trusted.knownHostsLine()));
        int scpPort = 0;
        try {
            SshGitServer scp = started(SshGitServer.start(root, hostKey, 22).authorize("git", clientKey.getPublic()));
            knownHosts.add(scp.knownHostsLine());
            scpPort = scp.port();
        } catch (UncheckedIOException e) {
            LOG.warnf("No ssh server on 127.0.0.1:22 (%s): scp-like URLs are not tested end to end", e.getMessage());
        }

        Path keyFile = SshKeys.writePrivateKey(clientKey, PASSPHRASE, dir.resolve("keys/id_ecdsa"));
        Path knownHostsFile = SshKeys.writeKnownHosts(dir.resolve("keys/known_hosts"),
                knownHosts.toArray(String[]::new));
        Map<String, String> config = new HashMap<>();
        config.put("slipway.build.git.ssh.private-key-file", keyFile.toString());
        config.put("slipway.build.git.ssh.passphrase", PASSPHRASE);
        config.put("slipway.build.git.ssh.known-hosts-file", knownHostsFile.toString());
        config.put("slipway.test.ssh.root", root.toString());
        config.put("slipway.test.ssh.port", Integer.toString(trusted.port()));
        config.put("slipway.test.ssh.stranger-port", Integer.toString(stranger.port()));
        config.put("slipway.test.ssh.scp-port", Integer.toString(scpPort));
        return config;
    }

    private SshGitServer started(SshGitServer server) {
        servers.add(server);
        return server;
    }

    @Override
    public void stop() {
        servers.forEach(SshGitServer::close);
        servers.clear();
    }
}

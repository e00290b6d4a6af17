package dev.slipway.build.checkout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

import dev.slipway.contracts.SecretValue;

/**
 * How build-service logs in to ssh repositories, from its configuration only: one private key (loaded once, when the
 * service starts) and one known_hosts file that every host key is checked against.
 * <p>
 * JGit's ssh client would otherwise read the process user's {@code ~/.ssh} (config, keys, known_hosts) and ask an
 * ssh-agent. Here it gets a home and ssh directory of Slipway's own that hold nothing, no ssh config, no agent, no
 * identity files but the configured key, public-key authentication only, and {@link KnownHosts} as its only source of
 * trusted host keys.
 */
public final class SshAccess {

    private final List<KeyPair> keys;
    private final Path knownHostsFile;
    private final String user;
    private final Path home;

    private SshAccess(List<KeyPair> keys, Path knownHostsFile, String user, Path home) {
        this.keys = keys;
        this.knownHostsFile = knownHostsFile;
        this.user = user;
        this.home = home;
    }

    /**
     * Reads the private key and checks the known_hosts file can be read.
     *
     * @param privateKeyFile the client key, in OpenSSH or PEM format, possibly encrypted
     * @param passphrase the key's passphrase, if it is encrypted
     * @param knownHostsFile the OpenSSH known_hosts file listing every host build-service may fetch from
     * @param user the login name for ssh URLs that name none
     * @param home an empty directory of Slipway's own, used as the ssh client's home (created if missing)
     * @throws IllegalArgumentException naming the file that cannot be used (never its content or the passphrase)
     */
    public static SshAccess load(Path privateKeyFile, Optional<SecretValue> passphrase, Path knownHostsFile,
            String user, Path home) {
        if (!Files.isReadable(knownHostsFile) || Files.isDirectory(knownHostsFile)) {
            throw new IllegalArgumentException("the ssh known_hosts file " + knownHostsFile + " cannot be read");
        }
        List<KeyPair> keys = readKeys(privateKeyFile, passphrase);
        try {
            Files.createDirectories(home);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            Files.createDirectories(home.resolve(".ssh"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("cannot create the ssh client's home directory " + home, e);
        }
        return new SshAccess(keys, knownHostsFile, user, home);
    }

    private static List<KeyPair> readKeys(Path file, Optional<SecretValue> passphrase) {
        FilePasswordProvider password = passphrase.map(p -> FilePasswordProvider.of(p.reveal()))
                .orElse(FilePasswordProvider.EMPTY);
        List<KeyPair> keys = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            Iterable<KeyPair> read = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()),
                    in, password);
            if (read != null) {
                read.forEach(keys::add);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // The cause's message is left out: key parsers may quote what they could not read.
            throw new IllegalArgumentException("cannot read the ssh private key file " + file + " ("
                    + e.getClass().getSimpleName() + "): " + (passphrase.isPresent()
                            ? "is the passphrase right?"
                            : "is it encrypted? Then set its passphrase"));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the ssh private key file " + file + " holds no private key");
        }
        return List.copyOf(keys);
    }

    /** Whether {@code failure} is a server turning the login down (every offered key refused). */
    static boolean isAuthenticationRefused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SshException ssh
                    && ssh.getDisconnectCode() == SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && message.contains("No more authentication methods available")) {
                return true;
            }
        }
        return false;
    }

    /** The login name for ssh URLs that name none. */
    public String user() {
        return user;
    }

    /** The key types of the configured key (for a startup log line): {@code ssh-ed25519}, {@code ssh-rsa}, ... */
    public List<String> keyTypes() {
        return keys.stream().map(KeyUtils::getKeyType).toList();
    }

    /** A connection context for one checkout: close it when the checkout ends. */
    Session open() {
        KnownHosts knownHosts = new KnownHosts(knownHostsFile);
        return new Session(sessionFactory(knownHosts), knownHosts);
    }

    /** JGit's ssh client, confined to the configured key and known_hosts file. */
    SshdSessionFactory sessionFactory(KnownHosts knownHosts) {
        Path sshDirectory = home.resolve(".ssh");
        return new SshdSessionFactoryBuilder()
                .setHomeDirectory(home.toFile())
                .setSshDirectory(sshDirectory.toFile())
                // No ssh config file at all: a config could name other keys, hosts or a proxy command.
                .setConfigFile(dir -> null)
                .setConfigStoreFactory((dir, file, localUser) -> null)
                .setDefaultIdentities(dir -> List.of())
                .setDefaultKeysProvider(dir -> keys)
                .setDefaultKnownHostsFiles(dir -> List.of(knownHostsFile))
                .setServerKeyDatabase((dir, ssh) -> knownHosts)
                .setPreferredAuthentications("publickey")
                // No ssh-agent: only the configured key may log in.
                .setConnectorFactory(null)
                .build(null);
    }

    /** The ssh client of one checkout, and what its host-key check turned down. */
    static final class Session implements AutoCloseable {

        private final SshdSessionFactory factory;
        private final KnownHosts knownHosts;

        private Session(SshdSessionFactory factory, KnownHosts knownHosts) {
            this.factory = factory;
            this.knownHosts = knownHosts;
        }

        /** Puts this session's client on a fetch; any transport that is not ssh is refused. */
        TransportConfigCallback callback() {
            return transport -> {
                if (!(transport instanceof SshTransport ssh)) {
                    throw new IllegalStateException("not an ssh transport: " + transport.getClass().getSimpleName());
                }
                ssh.setSshSessionFactory(factory);
            };
        }

        SshdSessionFactory factory() {
            return factory;
        }

        /** The message for a host key that was turned down, if one was. */
        Optional<String> hostKeyRejection() {
            return knownHosts.rejection().map(r -> r.message(knownHosts.file()));
        }

        @Override
        public void close() {
            factory.close();
        }
    }
}

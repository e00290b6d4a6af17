package dev.slipway.build.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.sshd.client.config.hosts.KnownHostHashValue;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.slipway.build.testing.SshGitServer;
import dev.slipway.build.testing.SshKeys;
import dev.slipway.build.testing.TestRepository;
import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.SecretValue;
import dev.slipway.runtime.StageException;

/** Fetching over ssh from a real ssh server on 127.0.0.1 that serves git repositories, without Quarkus. */
class SshCheckoutTest {

    static final String PASSPHRASE = "correct horse battery staple 7f3a";
    static final KeyPair HOST_KEY = SshKeys.ecdsa();
    static final KeyPair CLIENT_KEY = SshKeys.ed25519();
    static final KeyPair OTHER_KEY = SshKeys.ed25519();

    @TempDir
    static Path dir;

    static SshGitServer server;
    static Path keyFile;
    static Path knownHosts;

    @BeforeAll
    static void startServer() {
        server = SshGitServer.start(dir.resolve("served"), HOST_KEY, 0)
                .authorize("git", CLIENT_KEY.getPublic())
                .authorize("other", OTHER_KEY.getPublic());
        keyFile = SshKeys.writePrivateKey(CLIENT_KEY, PASSPHRASE, dir.resolve("keys/id_ed25519"));
        knownHosts = SshKeys.writeKnownHosts(dir.resolve("keys/known_hosts"), server.knownHostsLine());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static SshAccess access(Path knownHostsFile) {
        return SshAccess.load(keyFile, Optional.of(SecretValue.of(PASSPHRASE)), knownHostsFile, "git",
                dir.resolve("ssh-home-" + System.nanoTime()));
    }

    static GitCheckout checkout(SshAccess ssh) {
        return new GitCheckout(new GitCheckout.Settings(Set.of("file"), Optional.empty(), Duration.ofSeconds(20),
                Optional.of(ssh)));
    }

    static TestRepository served(String name) {
        return TestRepository.create(dir.resolve("served").resolve(name));
    }

    static String path(TestRepository repo) {
        return dir.resolve("served").relativize(repo.bareDirectory()).toString();
    }

    @Test
    void fetchesExactlyThePushedCommitOverSsh() throws Exception {
        try (TestRepository repo = served("exact")) {
            String first = repo.write("slipway.yaml", "app: one\n").write("src/a.txt", "first").commit("first");
            String second = repo.write("src/a.txt", "second").commit("second");

            CheckedOutCommit checkout = checkout(access(knownHosts)).checkout(server.url("git", path(repo)), "main",
                    first, dir.resolve("build-exact"));

            assertThat(checkout.directory().resolve("src/a.txt")).hasContent("first");
            assertThat(checkout.spec()).contains("app: one\n");
            try (Git fetched = Git.open(dir.resolve("build-exact").toFile())) {
                assertThat(fetched.getRepository().getObjectDatabase().has(ObjectId.fromString(second)))
                        .as("only the pushed commit is fetched, not the branch tip").isFalse();
            }
        }
    }

    @Test
    void usesTheConfiguredUserWhenTheUrlNamesNone() throws Exception {
        try (TestRepository repo = served("no-user")) {
            String sha = repo.write("a.txt", "a").commit("a");
            String url = "ssh://127.0.0.1:" + server.port() + "/" + path(repo);

            CheckedOutCommit checkout = checkout(access(knownHosts)).checkout(url, "main", sha,
                    dir.resolve("build-no-user"));

            assertThat(checkout.directory().resolve("a.txt")).hasContent("a");
        }
    }

    @Test
    void refusesAHostKeyTheKnownHostsFileDoesNotList() {
        Path empty = SshKeys.writeKnownHosts(dir.resolve("keys/known_hosts-empty"), "# nobody yet");
        int before = server.uploads();

        assertThatThrownBy(() -> checkout(access(empty)).checkout(server.url("git", "any.git"), "main",
                "0123456789abcdef0123456789abcdef01234567", dir.resolve("build-unknown")))
                .isInstanceOfSatisfying(StageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT);
                    assertThat(e.retriable()).isFalse();
                    assertThat(e.getMessage()).contains("127.0.0.1:" + server.port())
                            .contains("ecdsa-sha2-nistp256").contains("SHA256:").contains("is not trusted")
                            .doesNotContain(publicKeyText(HOST_KEY));
                });
        assertThat(server.uploads()).as("nothing was served").isEqualTo(before);
    }

    @Test
    void refusesAHostKeyThatDiffersFromTheListedOne() {
        String listed = "[127.0.0.1]:" + server.port() + " " + PublicKeyEntry.toString(SshKeys.ecdsa().getPublic());
        Path changed = SshKeys.writeKnownHosts(dir.resolve("keys/known_hosts-changed"), listed);

        assertThatThrownBy(() -> checkout(access(changed)).checkout(server.url("git", "any.git"), "main",
                "0123456789abcdef0123456789abcdef01234567", dir.resolve("build-changed")))
                .isInstanceOfSatisfying(StageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("does not match").contains("127.0.0.1:" + server.port());
                });
    }

    /** As OpenSSH reads known_hosts: a bare host name means port 22 only. */
    @Test
    void doesNotTrustAKeyListedForTheHostOnAnotherPort() {
        String portless = "127.0.0.1 " + PublicKeyEntry.toString(HOST_KEY.getPublic());
        Path other = SshKeys.writeKnownHosts(dir.resolve("keys/known_hosts-port22"), portless);

        assertThatThrownBy(() -> checkout(access(other)).checkout(server.url("git", "any.git"), "main",
                "0123456789abcdef0123456789abcdef01234567", dir.resolve("build-port")))
                .isInstanceOfSatisfying(StageException.class,
                        e -> assertThat(e.getMessage()).contains("is not trusted"));
    }

    @Test
    void acceptsAHashedKnownHostsEntry() throws Exception {
        byte[] salt = new byte[20];
        new java.security.SecureRandom().nextBytes(salt);
        byte[] hash = KnownHostHashValue.calculateHashValue("127.0.0.1", server.port(),
                KnownHostHashValue.DEFAULT_DIGEST, salt);
        String hashed = KnownHostHashValue.append(new StringBuilder(), KnownHostHashValue.DEFAULT_DIGEST, salt, hash)
                .toString();
        assertThat(hashed).startsWith("|1|");
        Path file = SshKeys.writeKnownHosts(dir.resolve("keys/known_hosts-hashed"), hashed + " "
                + PublicKeyEntry.toString(HOST_KEY.getPublic()));
        try (TestRepository repo = served("hashed")) {
            String sha = repo.write("a.txt", "a").commit("a");

            CheckedOutCommit checkout = checkout(access(file)).checkout(server.url("git", path(repo)), "main", sha,
                    dir.resolve("build-hashed"));

            assertThat(checkout.directory().resolve("a.txt")).hasContent("a");
        }
    }

    @Test
    void reportsARefusedLoginOnceAndAsNotRetriable() {
        try (TestRepository repo = served("refused")) {
            String sha = repo.write("a.txt", "a").commit("a");
            int refusedBefore = server.refusedLogins();

            assertThatThrownBy(() -> checkout(access(knownHosts)).checkout(server.url("other", path(repo)), "main",
                    sha, dir.resolve("build-refused")))
                    .isInstanceOfSatisfying(StageException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT);
                        assertThat(e.retriable()).isFalse();
                        assertThat(e.getMessage()).contains("refused the ssh login of 'other'");
                    });
            assertThat(server.refusedLogins() - refusedBefore)
                    .as("one connection: the branch is not tried after a refused login").isEqualTo(1);
        }
    }

    @Test
    void reportsAClosedPortAsRetriable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "ssh://git@127.0.0.1:" + port + "/x.git";

        assertThatThrownBy(() -> checkout(access(knownHosts)).checkout(url, "main",
                "0123456789abcdef0123456789abcdef01234567", dir.resolve("build-closed")))
                .isInstanceOfSatisfying(StageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.UNAVAILABLE);
                    assertThat(e.retriable()).isTrue();
                });
    }

    @Test
    void refusesSshUrlsWhenNoKeyIsConfigured() {
        GitCheckout noKey = new GitCheckout(new GitCheckout.Settings(Set.of("file", "ssh"), Optional.empty(),
                Duration.ofSeconds(5)));

        assertThatThrownBy(() -> noKey.url("git@github.com:team/hello.git"))
                .isInstanceOfSatisfying(StageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("'ssh' is not allowed")
                            .contains("slipway.build.git.ssh.private-key-file");
                });
    }

    @Test
    void keepsTheSshUserAndDropsAPassword() throws Exception {
        GitCheckout git = checkout(access(knownHosts));

        assertThat(git.url("git@github.com:team/hello.git").toString())
                .isEqualTo("ssh://git@github.com/team/hello.git");
        assertThat(git.url("ssh://deploy:pw-secret@host.example.test:2222/x.git").toPrivateString())
                .isEqualTo("ssh://deploy@host.example.test:2222/x.git");
        assertThat(git.url("ssh://host.example.test/x.git").getUser()).isEqualTo("git");
    }

    @Test
    void aWrongPassphraseFailsWithoutShowingThePassphraseOrTheKey() throws IOException {
        String wrong = "not-the-passphrase-91c2";
        List<String> keyLines = Files.readAllLines(keyFile);

        assertThatThrownBy(() -> SshAccess.load(keyFile, Optional.of(SecretValue.of(wrong)), knownHosts, "git",
                dir.resolve("home-wrong")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(keyFile.toString())
                .satisfies(e -> {
                    assertThat(messages(e)).doesNotContain(wrong).doesNotContain(PASSPHRASE);
                    keyLines.stream().filter(l -> l.length() > 20)
                            .forEach(line -> assertThat(messages(e)).doesNotContain(line));
                });
        assertThatThrownBy(() -> SshAccess.load(keyFile, Optional.empty(), knownHosts, "git",
                dir.resolve("home-none"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("encrypted");
    }

    @Test
    void readsUnencryptedRsaKeysToo() throws Exception {
        KeyPair rsa = SshKeys.rsa();
        Path rsaFile = SshKeys.writePrivateKey(rsa, null, dir.resolve("keys/id_rsa"));
        server.authorize("rsa", rsa.getPublic());
        SshAccess ssh = SshAccess.load(rsaFile, Optional.empty(), knownHosts, "git", dir.resolve("home-rsa"));
        try (TestRepository repo = served("rsa")) {
            String sha = repo.write("a.txt", "rsa").commit("a");

            CheckedOutCommit checkout = checkout(ssh).checkout(server.url("rsa", path(repo)), "main", sha,
                    dir.resolve("build-rsa"));

            assertThat(checkout.directory().resolve("a.txt")).hasContent("rsa");
            assertThat(ssh.keyTypes()).containsExactly("ssh-rsa");
        }
    }

    /**
     * The ssh client is pointed at a home of Slipway's own. Even the files JGit would read there by default (identity
     * files, known_hosts, a config naming another key) are ignored: only the configured key and known_hosts count.
     */
    @Test
    void readsNothingButTheConfiguredKeyAndKnownHosts() throws Exception {
        Path home = dir.resolve("home-decoy");
        Path sshDir = home.resolve(".ssh");
        // A key the server accepts for "other", in every default place, and a config and known_hosts trusting all.
        SshKeys.writePrivateKey(OTHER_KEY, null, sshDir.resolve("id_ed25519"));
        SshKeys.writePrivateKey(OTHER_KEY, null, sshDir.resolve("id_rsa"));
        SshKeys.writeKnownHosts(sshDir.resolve("known_hosts"), server.knownHostsLine());
        Files.writeString(sshDir.resolve("config"), "Host *\n  User other\n  IdentityFile " + sshDir.resolve(
                "id_ed25519") + "\n  StrictHostKeyChecking no\n");
        Path empty = SshKeys.writeKnownHosts(dir.resolve("keys/known_hosts-decoy"), "# nobody");
        SshAccess ssh = SshAccess.load(keyFile, Optional.of(SecretValue.of(PASSPHRASE)), empty, "git", home);

        try (SshAccess.Session session = ssh.open()) {
            SshdSessionFactory factory = session.factory();
            assertThat(factory.getHomeDirectory()).isEqualTo(home.toFile());
            assertThat(factory.getSshDirectory()).isEqualTo(sshDir.toFile());
            assertThat(factory.getHomeDirectory().toPath()).isNotEqualTo(Path.of(System.getProperty("user.home")));
        }
        try (TestRepository repo = served("decoy")) {
            String sha = repo.write("a.txt", "a").commit("a");
            // The host is not in the configured known_hosts: the decoy known_hosts and StrictHostKeyChecking no
            // would have let it through.
            assertThatThrownBy(() -> checkout(ssh).checkout(server.url("git", path(repo)), "main", sha,
                    dir.resolve("build-decoy-1")))
                    .isInstanceOfSatisfying(StageException.class,
                            e -> assertThat(e.getMessage()).contains("is not trusted"));
        }
        try (TestRepository repo = served("decoy-login")) {
            String sha = repo.write("a.txt", "a").commit("a");
            SshAccess trusted = SshAccess.load(keyFile, Optional.of(SecretValue.of(PASSPHRASE)), knownHosts, "git",
                    home);
            // "other" accepts only the decoy key: logging in with the configured key must be refused.
            assertThatThrownBy(() -> checkout(trusted).checkout(server.url("other", path(repo)), "main", sha,
                    dir.resolve("build-decoy-2")))
                    .isInstanceOfSatisfying(StageException.class,
                            e -> assertThat(e.getMessage()).contains("refused the ssh login"));
        }
    }

    private static String publicKeyText(KeyPair key) {
        return PublicKeyEntry.toString(key.getPublic()).split(" ")[1];
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}

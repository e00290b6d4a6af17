package dev.slipway.build.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real ssh server on 127.0.0.1 serving git repositories over the ssh protocol, as a forge does: Apache MINA sshd
 * with public-key authentication only (each login name has one authorized key) and {@code git-upload-pack} run by
 * JGit's {@link UploadPack} on the bare repositories under a root directory ({@code ssh://git@host/team/app.git} is
 * {@code <root>/team/app.git}). Protocol v2 is spoken when the client asks for it through {@code GIT_PROTOCOL}.
 * Pushing, shells and passwords are refused.
 */
public final class SshGitServer implements AutoCloseable {

    private final SshServer server;
    private final KeyPair hostKey;
    private final Map<String, PublicKey> logins = new ConcurrentHashMap<>();
    private final AtomicInteger uploads = new AtomicInteger();
    private final AtomicInteger refusedLogins = new AtomicInteger();

    private SshGitServer(SshServer server, KeyPair hostKey) {
        this.server = server;
        this.hostKey = hostKey;
    }

    /** Starts a server on 127.0.0.1:{@code port} (0 for any free port) with {@code hostKey}. */
    public static SshGitServer start(Path root, KeyPair hostKey, int port) {
        SshServer server = SshServer.setUpDefaultServer();
        SshGitServer git = new SshGitServer(server, hostKey);
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setPublickeyAuthenticator((user, key, session) -> {
            PublicKey allowed = git.logins.get(user);
            boolean ok = allowed != null && KeyUtils.compareKeys(allowed, key);
            if (!ok) {
                git.refusedLogins.incrementAndGet();
            }
            return ok;
        });
        server.setCommandFactory(git.commands(root));
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the ssh server on 127.0.0.1:" + port, e);
        }
        return git;
    }

    /** Lets {@code user} log in with {@code key}. */
    public SshGitServer authorize(String user, PublicKey key) {
        logins.put(user, key);
        return this;
    }

    public int port() {
        return server.getPort();
    }

    /** {@code ssh://user@127.0.0.1:port/path}. */
    public String url(String user, String path) {
        return "ssh://" + user + "@127.0.0.1:" + port() + "/" + path;
    }

    /** The known_hosts line that trusts this server's host key on its address. */
    public String knownHostsLine() {
        String host = port() == 22 ? "127.0.0.1" : "[127.0.0.1]:" + port();
        return host + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    /** {@code git-upload-pack} runs served so far. */
    public int uploads() {
        return uploads.get();
    }

    /** Public keys turned down so far. */
    public int refusedLogins() {
        return refusedLogins.get();
    }

    private CommandFactory commands(Path root) {
        return (channel, command) -> {
            List<String> words = CommandFactory.split(command);
            if (words.size() != 2 || !words.get(0).equals("git-upload-pack")) {
                return new Refusal("only git-upload-pack is served here\n");
            }
            String path = words.get(1).replaceFirst("^/?(~/)?", "");
            Path repository = root.resolve(path).normalize();
            if (!repository.startsWith(root) || !Files.isDirectory(repository)) {
                return new Refusal("repository not found: " + path + "\n");
            }
            return new UploadPackCommand(repository);
        };
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A command with its streams: the common part of the two commands. */
    private abstract static class StreamCommand implements Command {
        InputStream in;
        OutputStream out;
        OutputStream err;
        ExitCallback exit;

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback exit) {
            this.exit = exit;
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }

    private static final class Refusal extends StreamCommand {
        private final String message;

        Refusal(String message) {
            this.message = message;
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            err.write(message.getBytes(StandardCharsets.UTF_8));
            err.flush();
            exit.onExit(1, message.strip());
        }
    }

    private final class UploadPackCommand extends StreamCommand {
        private final Path directory;

        UploadPackCommand(Path directory) {
            this.directory = directory;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            String protocol = env.getEnv().get("GIT_PROTOCOL");
            Thread worker = new Thread(() -> {
                int status = 0;
                try (Repository repository = new FileRepositoryBuilder().setGitDir(directory.toFile())
                        .setMustExist(true).build()) {
                    UploadPack upload = new UploadPack(repository);
                    if (protocol != null) {
                        upload.setExtraParameters(List.of(protocol.split(":")));
                    }
                    uploads.incrementAndGet();
                    upload.upload(in, out, err);
                } catch (IOException | RuntimeException e) {
                    status = 1;
                } finally {
                    try {
                        out.flush();
                        err.flush();
                    } catch (IOException e) {
                        // the client is gone
                    }
                    exit.onExit(status);
                }
            }, "ssh-upload-pack");
            worker.setDaemon(true);
            worker.start();
        }
    }
}

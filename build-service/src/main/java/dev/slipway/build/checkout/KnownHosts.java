package dev.slipway.build.checkout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;

/**
 * Strict host-key checking against one known_hosts file (OpenSSH format, hashed host names included): a host's key
 * must be listed for that host and port, and not {@code @revoked}. Nothing is ever added to the file and nobody is
 * asked. The file is read at each connection, so a host added to it counts from the next fetch on.
 * <p>
 * One instance serves one checkout: the reason it turned a key down is kept for the checkout's error message, which
 * names the host, the key's type and its SHA256 fingerprint (public facts an operator compares with the host's
 * published fingerprints), never the key itself.
 */
final class KnownHosts implements ServerKeyDatabase {

    /** Why a host key was turned down. */
    enum Verdict {
        UNKNOWN, CHANGED, REVOKED, UNREADABLE
    }

    /** A host key that was turned down. */
    record Rejection(String host, String keyType, String fingerprint, Verdict verdict) {

        String message(Path file) {
            String key = keyType + " host key (" + fingerprint + ") of " + host;
            return switch (verdict) {
                case UNKNOWN -> "the " + key + " is not trusted: " + host + " is not in the known_hosts file "
                        + file + "; add its key there after checking the fingerprint";
                case CHANGED -> "the " + key + " does not match the key the known_hosts file " + file
                        + " lists for it: the host key changed, or the connection is being intercepted";
                case REVOKED -> "the " + key + " is marked @revoked in the known_hosts file " + file;
                case UNREADABLE -> "cannot check the " + key + ": the known_hosts file " + file + " cannot be read";
            };
        }
    }

    private final Path file;
    private volatile Rejection rejection;

    KnownHosts(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The key turned down during this checkout, if one was. */
    Optional<Rejection> rejection() {
        return Optional.ofNullable(rejection);
    }

    @Override
    public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
        HostAndPort target = HostAndPort.parse(connectAddress);
        List<PublicKey> keys = new ArrayList<>();
        try {
            for (KnownHostEntry entry : entries(target)) {
                if (entry.getMarker() == null) {
                    keys.add(key(entry));
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            return List.of();
        }
        return keys;
    }

    @Override
    public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
            Configuration config, CredentialsProvider provider) {
        HostAndPort target = HostAndPort.parse(connectAddress);
        Verdict verdict = verdict(target, serverKey);
        if (verdict == null) {
            return true;
        }
        rejection = new Rejection(target.shown(), KeyUtils.getKeyType(serverKey), KeyUtils.getFingerPrint(serverKey),
                verdict);
        return false;
    }

    /** Null when the key is trusted for the host, else why not. */
    private Verdict verdict(HostAndPort target, PublicKey serverKey) {
        List<KnownHostEntry> entries;
        try {
            entries = entries(target);
        } catch (IOException e) {
            return Verdict.UNREADABLE;
        }
        boolean listed = false;
        boolean matched = false;
        for (KnownHostEntry entry : entries) {
            PublicKey known;
            try {
                known = key(entry);
            } catch (IOException | GeneralSecurityException e) {
                continue;
            }
            boolean same = KeyUtils.compareKeys(known, serverKey);
            if ("revoked".equals(entry.getMarker())) {
                if (same) {
                    return Verdict.REVOKED;
                }
            } else if (entry.getMarker() == null) {
                listed = true;
                matched |= same;
            }
        }
        return matched ? null : listed ? Verdict.CHANGED : Verdict.UNKNOWN;
    }

    private List<KnownHostEntry> entries(HostAndPort target) throws IOException {
        return KnownHostEntry.readKnownHostEntries(file).stream()
                .filter(e -> e.isHostMatch(target.host(), target.port())).toList();
    }

    private static PublicKey key(KnownHostEntry entry) throws IOException, GeneralSecurityException {
        if (entry.getKeyEntry() == null) {
            throw new GeneralSecurityException("a known_hosts line without a key");
        }
        return entry.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
    }

    /** The host and port JGit connects to, from its known_hosts form ({@code host} or {@code [host]:port}). */
    record HostAndPort(String host, int port) {

        static final int SSH_PORT = 22;

        static HostAndPort parse(String address) {
            if (address.startsWith("[")) {
                int close = address.indexOf("]:");
                if (close > 0) {
                    try {
                        return new HostAndPort(address.substring(1, close),
                                Integer.parseInt(address.substring(close + 2)));
                    } catch (NumberFormatException e) {
                        // not a port: take it all as the host
                    }
                }
            }
            return new HostAndPort(address, SSH_PORT);
        }

        String shown() {
            return port == SSH_PORT ? host : host + ":" + port;
        }
    }
}

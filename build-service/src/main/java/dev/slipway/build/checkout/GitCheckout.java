package dev.slipway.build.checkout;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.jboss.logging.Logger;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.spec.SpecParser;
import dev.slipway.runtime.StageException;

/**
 * Fetches exactly one commit into an empty directory and checks it out. First it asks for the sha alone with depth 1
 * (servers that allow fetching reachable commits, as GitHub, GitLab and Gitea do, send just that); a server that only
 * serves advertised refs gets a fetch of the pushed branch instead, which must contain the sha.
 */
public final class GitCheckout {

    private static final Logger LOG = Logger.getLogger(GitCheckout.class);
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final String BUILD_REF = "refs/slipway/build";
    private static final String BUILD_BRANCH = "slipway-build";

    /**
     * @param allowedSchemes URL schemes that may be fetched ({@code https}, {@code http}, {@code file}); {@code ssh}
     *        is allowed exactly when {@code ssh} is given, whatever this set says
     * @param credentials the login for http(s) repositories, from configuration
     * @param timeout the network time limit of one fetch
     * @param ssh the key and known_hosts file for ssh repositories, from configuration
     */
    public record Settings(Set<String> allowedSchemes, Optional<GitCredentials> credentials, Duration timeout,
            Optional<SshAccess> ssh) {

        public Settings(Set<String> allowedSchemes, Optional<GitCredentials> credentials, Duration timeout) {
            this(allowedSchemes, credentials, timeout, Optional.empty());
        }

        /** The schemes that may really be fetched. */
        public Set<String> schemes() {
            Set<String> schemes = new TreeSet<>(allowedSchemes);
            schemes.remove(SSH);
            if (ssh.isPresent()) {
                schemes.add(SSH);
            }
            return schemes;
        }
    }

    static final String SSH = "ssh";

    private final Settings settings;

    public GitCheckout(Settings settings) {
        this.settings = settings;
    }

    /**
     * Fetches {@code sha} of {@code cloneUrl} into {@code directory} (which must be empty) and checks it out.
     *
     * @param branch the pushed branch, fetched when the server will not serve the sha by itself
     * @throws StageException {@code INVALID_INPUT} for a malformed sha or URL, a disallowed scheme or a commit the
     *         repository does not have; {@code UNAVAILABLE} when the repository cannot be reached
     */
    public CheckedOutCommit checkout(String cloneUrl, String branch, String sha, Path directory)
            throws StageException {
        if (sha == null || !SHA.matcher(sha).matches()) {
            throw StageException.of(FailureReason.INVALID_INPUT, "not a full commit sha: '" + sha + "'");
        }
        URIish url = url(cloneUrl);
        String shown = url.toString();
        try (SshAccess.Session ssh = isSsh(url) ? settings.ssh().orElseThrow().open() : null;
                Git git = Git.init().setDirectory(directory.toFile()).setInitialBranch(BUILD_BRANCH + "-init")
                        .call()) {
            if (!fetchSha(git, url, sha, ssh)) {
                fetchBranch(git, url, branch, shown, ssh);
            }
            Repository repository = git.getRepository();
            try (RevWalk walk = new RevWalk(repository)) {
                RevCommit commit;
                try {
                    commit = walk.parseCommit(ObjectId.fromString(sha));
                } catch (MissingObjectException e) {
                    throw StageException.of(FailureReason.INVALID_INPUT,
                            "commit " + sha + " is not in " + shown + (branch == null
                                    ? ""
                                    : " (branch " + branch
                                            + ")"));
                }
                git.checkout().setCreateBranch(true).setName(BUILD_BRANCH).setStartPoint(commit).call();
                Optional<String> spec = read(repository, commit, SpecParser.FILE_NAME);
                return new CheckedOutCommit(directory, sha, Instant.ofEpochSecond(commit.getCommitTime()), spec);
            }
        } catch (GitAPIException e) {
            throw StageException.of(FailureReason.INTERNAL, "cannot check out " + sha + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw StageException.of(FailureReason.INTERNAL, "cannot read commit " + sha + ": " + e.getMessage(), e);
        }
    }

    /** Tries the one-commit fetch; false when the server refused it (the branch is fetched instead). */
    private boolean fetchSha(Git git, URIish url, String sha, SshAccess.Session ssh) throws StageException {
        try {
            configure(git.fetch(), url, ssh).setRefSpecs(new RefSpec("+" + sha + ":" + BUILD_REF)).setDepth(1)
                    .call();
            return true;
        } catch (InvalidRemoteException e) {
            throw refused(url, e, ssh).orElseGet(() -> unreachable(url, e));
        } catch (GitAPIException e) {
            Optional<StageException> refused = refused(url, e, ssh);
            if (refused.isPresent()) {
                throw refused.get();
            }
            LOG.debugf("Fetching %s alone from %s failed (%s); fetching the branch", sha, url, e.getMessage());
            return false;
        }
    }

    private void fetchBranch(Git git, URIish url, String branch, String shown, SshAccess.Session ssh)
            throws StageException {
        if (branch == null || branch.isBlank()) {
            throw StageException.of(FailureReason.UNAVAILABLE, shown + " would not serve the commit and no branch"
                    + " was named");
        }
        String ref = branch.startsWith("refs/") ? branch : "refs/heads/" + branch;
        try {
            configure(git.fetch(), url, ssh).setRefSpecs(new RefSpec("+" + ref + ":refs/slipway/branch")).call();
        } catch (InvalidRemoteException | TransportException e) {
            throw refused(url, e, ssh).orElseGet(() -> unreachable(url, e));
        } catch (GitAPIException e) {
            throw StageException.of(FailureReason.UNAVAILABLE, "cannot fetch " + ref + " from " + shown + ": "
                    + e.getMessage(), e);
        }
    }

    private FetchCommand configure(FetchCommand fetch, URIish url, SshAccess.Session ssh) {
        fetch.setRemote(url.toString()).setTimeout((int) Math.max(1, settings.timeout().toSeconds()))
                .setTagOpt(org.eclipse.jgit.transport.TagOpt.NO_TAGS);
        String scheme = scheme(url);
        if ((scheme.equals("https") || scheme.equals("http")) && settings.credentials().isPresent()) {
            fetch.setCredentialsProvider(settings.credentials().get().provider());
        }
        if (ssh != null) {
            fetch.setTransportConfigCallback(ssh.callback());
        }
        return fetch;
    }

    /**
     * An ssh failure that trying again cannot mend: a host key the known_hosts file does not trust, or a login the
     * server refused. Both need an operator (a known_hosts entry, a deploy key), so they are not retried.
     */
    private static Optional<StageException> refused(URIish url, Exception e, SshAccess.Session ssh) {
        if (ssh == null) {
            return Optional.empty();
        }
        Optional<String> hostKey = ssh.hostKeyRejection();
        if (hostKey.isPresent()) {
            return Optional.of(StageException.of(FailureReason.INVALID_INPUT, "cannot fetch " + url + ": "
                    + hostKey.get(), e));
        }
        if (SshAccess.isAuthenticationRefused(e)) {
            return Optional.of(StageException.of(FailureReason.INVALID_INPUT, "cannot fetch " + url + ": "
                    + url.getHost() + " refused the ssh login of '" + url.getUser() + "' with the configured key;"
                    + " give the key read access to the repository (a deploy key)", e));
        }
        return Optional.empty();
    }

    private static boolean isSsh(URIish url) {
        return scheme(url).equals(SSH);
    }

    private static String scheme(URIish url) {
        return url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    }

    private static StageException unreachable(URIish url, Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return StageException.of(FailureReason.UNAVAILABLE, "cannot reach the repository " + url + ": "
                + cause.getMessage(), e);
    }

    /**
     * The URL to fetch, after checking its scheme is allowed: scp-like addresses become {@code ssh://} URLs; any
     * password the URL carries is dropped, and so is the user of an http(s) URL. An ssh URL keeps its user, which
     * names the account on the server ({@code git@}) rather than a credential: the key is the credential.
     */
    URIish url(String cloneUrl) throws StageException {
        if (cloneUrl == null || cloneUrl.isBlank()) {
            throw StageException.of(FailureReason.INVALID_INPUT, "the commit names no clone URL");
        }
        URIish url;
        try {
            url = new URIish(RepositoryUrls.normalise(cloneUrl));
        } catch (URISyntaxException e) {
            throw StageException.of(FailureReason.INVALID_INPUT, "not a repository URL");
        }
        String scheme = scheme(url);
        Set<String> allowed = settings.schemes();
        if (!allowed.contains(scheme)) {
            String why = scheme.equals(SSH)
                    ? "ssh repositories need slipway.build.git.ssh.private-key-file (and a known_hosts file)"
                    : "allowed: " + String.join(", ", allowed);
            throw StageException.of(FailureReason.INVALID_INPUT, "repository URL scheme '" + scheme
                    + "' is not allowed (" + why + ")");
        }
        if (scheme.equals(SSH)) {
            String user = url.getUser() == null || url.getUser().isBlank()
                    ? settings.ssh().orElseThrow().user()
                    : url.getUser();
            return url.setUser(user).setPass(null);
        }
        return url.setUser(null).setPass(null);
    }

    private static Optional<String> read(Repository repository, RevCommit commit, String path) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(repository, path, commit.getTree())) {
            if (walk == null || (walk.getFileMode(0).getBits() & 0170000) != 0100000) {
                return Optional.empty();
            }
            byte[] bytes = repository.open(walk.getObjectId(0)).getBytes();
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        }
    }
}

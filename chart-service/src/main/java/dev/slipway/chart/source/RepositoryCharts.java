package dev.slipway.chart.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

import dev.slipway.contracts.events.CommitRef;

/**
 * A chart kept in the application's repository ({@code chart.path} in {@code slipway.yaml}), read at the built commit
 * with JGit. Events carry the parsed spec but not the repository's files, so this is the one place chart-service reads
 * git; the commit is fixed by its sha, so a replay reads the same files.
 */
public final class RepositoryCharts {

    /** Largest chart directory read, in bytes: a chart is text, and a runaway path should not fill the disk. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    private final Duration timeout;

    /** @param timeout time limit of the fetch's network operations */
    public RepositoryCharts(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Writes the directory {@code path} of {@code commit} into {@code target}.
     *
     * @throws InvalidChartException when the commit has no such directory
     * @throws SourceUnavailableException when the repository cannot be fetched
     */
    public Path fetch(CommitRef commit, String path, Path target)
            throws InvalidChartException, SourceUnavailableException {
        String dir = normalise(path);
        Path clone = target.resolveSibling(target.getFileName() + ".git");
        try (Git git = cloneAt(commit, clone); RevWalk walk = new RevWalk(git.getRepository())) {
            Repository repository = git.getRepository();
            ObjectId id = repository.resolve(commit.sha() + "^{commit}");
            if (id == null) {
                throw new InvalidChartException("commit " + commit.sha() + " is not in " + safe(commit.cloneUrl()));
            }
            RevCommit revision = walk.parseCommit(id);
            int files = copyTree(repository, revision, dir, target);
            if (files == 0) {
                throw new InvalidChartException("chart.path '" + path + "' is not a directory at commit "
                        + commit.shortSha());
            }
            return target;
        } catch (MissingObjectException e) {
            throw new InvalidChartException("commit " + commit.sha() + " is not in " + safe(commit.cloneUrl()), e);
        } catch (IOException e) {
            throw new SourceUnavailableException("cannot read " + safe(commit.cloneUrl()) + ": " + safe(e.getMessage()),
                    e);
        } finally {
            deleteQuietly(clone);
        }
    }

    private Git cloneAt(CommitRef commit, Path clone) throws SourceUnavailableException, InvalidChartException {
        int seconds = (int) Math.max(1, timeout.toSeconds());
        try {
            Git git = Git.cloneRepository()
                    .setURI(commit.cloneUrl())
                    .setDirectory(clone.toFile())
                    .setBare(true)
                    .setTimeout(seconds)
                    .setCloneAllBranches(commit.branch() == null)
                    .setBranchesToClone(commit.branch() == null
                            ? null
                            : List.of(Constants.R_HEADS + commit.branch()))
                    .call();
            if (git.getRepository().resolve(commit.sha() + "^{commit}") == null) {
                // The branch moved past the commit, or the commit is elsewhere: fetch every branch.
                git.fetch().setTimeout(seconds)
                        .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + "*:" + Constants.R_HEADS + "*"))
                        .call();
            }
            return git;
        } catch (InvalidRemoteException e) {
            throw new InvalidChartException("no git repository at " + safe(commit.cloneUrl()), e);
        } catch (TransportException e) {
            throw new SourceUnavailableException(
                    "cannot fetch " + safe(commit.cloneUrl()) + ": " + safe(e.getMessage()), e);
        } catch (GitAPIException | IOException e) {
            throw new SourceUnavailableException(
                    "cannot clone " + safe(commit.cloneUrl()) + ": " + safe(e.getMessage()), e);
        }
    }

    private static int copyTree(Repository repository, RevCommit revision, String dir, Path target)
            throws IOException, InvalidChartException {
        int files = 0;
        long bytes = 0;
        try (TreeWalk tree = new TreeWalk(repository)) {
            tree.addTree(revision.getTree());
            tree.setRecursive(true);
            tree.setFilter(PathFilter.create(dir));
            String prefix = dir + "/";
            while (tree.next()) {
                String file = tree.getPathString();
                if (!file.startsWith(prefix)) {
                    continue;
                }
                FileMode mode = tree.getFileMode(0);
                if (mode == FileMode.SYMLINK || mode == FileMode.GITLINK) {
                    throw new InvalidChartException("chart file " + file + " is a "
                            + (mode == FileMode.SYMLINK ? "symbolic link" : "submodule")
                            + "; a chart must be plain files");
                }
                ObjectLoader loader = repository.open(tree.getObjectId(0));
                bytes += loader.getSize();
                if (bytes > MAX_BYTES) {
                    throw new InvalidChartException("chart directory " + dir + " is larger than "
                            + MAX_BYTES / (1024 * 1024) + " MiB");
                }
                Path out = target.resolve(file.substring(prefix.length())).normalize();
                if (!out.startsWith(target)) {
                    throw new InvalidChartException("chart file " + file + " leaves the chart directory");
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = loader.openStream()) {
                    Files.copy(in, out);
                }
                files++;
            }
        }
        return files;
    }

    private static String normalise(String path) throws InvalidChartException {
        String dir = path == null ? "" : path.strip().replace('\\', '/');
        while (dir.startsWith("./")) {
            dir = dir.substring(2);
        }
        while (dir.endsWith("/")) {
            dir = dir.substring(0, dir.length() - 1);
        }
        if (dir.isEmpty() || dir.startsWith("/") || List.of(dir.split("/")).contains("..")) {
            throw new InvalidChartException("chart.path '" + path + "' must be a directory inside the repository");
        }
        return dir;
    }

    /** The URL without credentials, for messages: a clone URL may carry a token. */
    static String safe(String url) {
        if (url == null) {
            return "";
        }
        return url.replaceAll("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]*@", "$1");
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover bare clone in the work directory is harmless; the next run uses a new directory.
        }
    }
}

package dev.slipway.build.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;

/**
 * A real git repository made with JGit for a test: a bare repository served over {@code file://} (what build-service
 * fetches from) and a working copy whose commits are pushed to it.
 */
public final class TestRepository implements AutoCloseable {

    private final Path bare;
    private final Git work;
    private final String branch;
    private long clock = 1_700_000_000L;

    private TestRepository(Path bare, Git work, String branch) {
        this.bare = bare;
        this.work = work;
        this.branch = branch;
    }

    /** A new, empty repository under {@code dir} whose commits go to {@code branch}. */
    public static TestRepository create(Path dir, String branch) {
        try {
            Path bare = dir.resolve("remote.git");
            Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch(branch).call().close();
            Git work = Git.init().setDirectory(dir.resolve("work").toFile()).setInitialBranch(branch).call();
            return new TestRepository(bare, work, branch);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestRepository create(Path dir) {
        return create(dir, "main");
    }

    /** {@code file://} URL of the bare repository. */
    public String url() {
        return bare.toUri().toString();
    }

    public Path bareDirectory() {
        return bare;
    }

    public String branch() {
        return branch;
    }

    public TestRepository write(String path, String content) {
        return write(path, content.getBytes(StandardCharsets.UTF_8), false);
    }

    public TestRepository write(String path, byte[] content, boolean executable) {
        try {
            Path file = workTree().resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(executable
                    ? "rwxr-xr-x"
                    : "rw-r--r--"));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestRepository copy(Path source, String path, boolean executable) {
        try {
            return write(path, Files.readAllBytes(source), executable);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestRepository delete(String path) {
        try {
            Files.deleteIfExists(workTree().resolve(path));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits every change and pushes it to the bare repository; returns the sha. */
    public String commit(String message) {
        try {
            work.add().addFilepattern(".").call();
            work.add().addFilepattern(".").setUpdate(true).call();
            // Fixed, increasing times: a test's commits are reproducible and ordered.
            clock += 60;
            PersonIdent who = new PersonIdent("Ada", "ada@example.test", clock * 1000, 0);
            RevCommit commit = work.commit().setMessage(message).setAuthor(who).setCommitter(who).call();
            work.push().setRemote(url()).setRefSpecs(new RefSpec("+refs/heads/" + branch + ":refs/heads/" + branch))
                    .call();
            return commit.name();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path workTree() {
        return work.getRepository().getWorkTree().toPath();
    }

    @Override
    public void close() {
        work.close();
    }
}

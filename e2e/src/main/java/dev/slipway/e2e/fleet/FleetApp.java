package dev.slipway.e2e.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

import dev.slipway.e2e.api.SlipwayApi.PushedCommit;

/**
 * The smallest application Slipway delivers: a git repository (JGit, fetched by build-service over {@code file://})
 * holding one small file that goes into an image from scratch, and a {@code slipway.yaml} that rolls it out to
 * staging and then production, with no canary, no backup and no secrets. Benchmarks and fault tests push many of them
 * at once ({@link Fleet}).
 */
public final class FleetApp {

    public static final String BRANCH = "main";
    public static final String STAGING = "staging";
    public static final String PRODUCTION = "production";

    private static final PersonIdent AUTHOR = new PersonIdent("Fleet", "fleet@example.test");

    private final String app;
    private final Path dir;
    private String head = ObjectId.zeroId().name();
    private int version;

    public FleetApp(String app, Path dir) {
        this.app = app;
        this.dir = dir;
    }

    public String app() {
        return app;
    }

    /** {@code file:///...}, where build-service fetches from. */
    public String cloneUrl() {
        return dir.toUri().toString();
    }

    /** The repository's name as a git provider would show it. */
    public String fullName() {
        return "fleet/" + app;
    }

    public String namespace(String environment) {
        return app + "-" + environment;
    }

    /** Creates the repository with its first commit. */
    public synchronized PushedCommit create() {
        try {
            Files.createDirectories(dir);
            try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch(BRANCH).call()) {
                write(Map.of("slipway.yaml", slipwayYaml(app), "site/version.txt", nextVersion()));
                return commit(git, "First version");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the repository in " + dir, e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("Cannot create the repository in " + dir, e);
        }
    }

    /** Commits a new version of the one file. */
    public synchronized PushedCommit release() {
        try (Git git = Git.open(dir.toFile())) {
            write(Map.of("site/version.txt", nextVersion()));
            return commit(git, "Version " + version);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot commit to " + dir, e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("Cannot commit to " + dir, e);
        }
    }

    private String nextVersion() {
        version++;
        return app + " version " + version + "\n";
    }

    private void write(Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
        }
    }

    private PushedCommit commit(Git git, String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        Instant now = Instant.now();
        PersonIdent author = new PersonIdent(AUTHOR, now, ZoneOffset.UTC);
        RevCommit commit = git.commit().setMessage(message).setAuthor(author).setCommitter(author).setSign(false)
                .call();
        PushedCommit pushed = new PushedCommit(fullName(), cloneUrl(), BRANCH, head, commit.getName(), message, now,
                AUTHOR.getName());
        head = commit.getName();
        return pushed;
    }

    /** The pipeline spec: one file in an image from scratch, rolled out to staging, then production. */
    public static String slipwayYaml(String app) {
        return """
                # The smallest delivery: one file in an image from scratch, rolled out, no canary.
                app: %1$s
                build:
                  baseImage: scratch
                  layers:
                    - name: site
                      from: [site/]
                      to: /site
                  entrypoint: [/site/version.txt]
                  port: 8080
                chart:
                  replicas: 1
                  resources:
                    requests: {cpu: 10m, memory: 16Mi}
                    limits: {cpu: 100m, memory: 32Mi}
                environments:
                  - name: %2$s
                    strategy: rolling
                    progressDeadline: 2m
                  - name: %3$s
                    strategy: rolling
                    progressDeadline: 2m
                """.formatted(app, STAGING, PRODUCTION);
    }
}

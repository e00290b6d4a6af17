package dev.slipway.e2e.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The sample application: a git repository (made with JGit, fetched by build-service over {@code file://}) holding a
 * tiny web site that Debian's statically linked busybox serves with its {@code httpd}, in an image built from scratch,
 * and a {@code slipway.yaml} that takes it through staging (rolling) and production (a canary with analysis, after a
 * backup of its database). Its one secret is the database password.
 */
public final class SampleApp {

    public static final String BRANCH = "main";
    public static final String SECRET_KEY = "DATABASE_PASSWORD";
    public static final String STAGING = "staging";
    public static final String PRODUCTION = "production";
    /** The busybox that the build copies into the image; Debian's {@code busybox-static}. */
    public static final Path BUSYBOX = Path.of("/bin/busybox");

    private static final PersonIdent AUTHOR = new PersonIdent("Sam Sample", "sam@example.test");

    private final String app;
    private final Path dir;
    private final DatabaseSettings database;
    private final int canaryIntervalSeconds;
    private final boolean trafficMetrics;
    private String head = ObjectId.zeroId().name();

    /**
     * The sample's database, as its {@code slipway.yaml} names it.
     */
    public record DatabaseSettings(String host, int port, String name, String user) {
    }

    /** One pushed commit. */
    public record Commit(String before, String sha, String message, Instant time, String author) {

        public String shortSha() {
            return sha.substring(0, 12);
        }
    }

    /**
     * @param canaryIntervalSeconds how long each canary step is held
     * @param trafficMetrics whether canary analysis queries the application's request metrics in Prometheus (else it
     *        checks the canary's health in Kubernetes only)
     */
    public SampleApp(String app, Path dir, DatabaseSettings database, int canaryIntervalSeconds,
            boolean trafficMetrics) {
        this.app = app;
        this.dir = dir;
        this.database = database;
        this.canaryIntervalSeconds = canaryIntervalSeconds;
        this.trafficMetrics = trafficMetrics;
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
        return "sample/" + app;
    }

    public String namespace(String environment) {
        return app + "-" + environment;
    }

    /** Creates the repository with its first commit: the page says "version 1". */
    public Commit create() {
        try {
            Files.createDirectories(dir);
            try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch(BRANCH).call()) {
                write(Map.of(
                        "slipway.yaml", slipwayYaml(false),
                        "www/index.html", page(1),
                        ".gitignore", "/bin/\n",
                        "README.md",
                        "# " + app + "\n\nA tiny web site served by busybox httpd, delivered by Slipway.\n"));
                return commit(git, "First version of the site");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the sample repository in " + dir, e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("Cannot create the sample repository in " + dir, e);
        }
    }

    /** Commits a new version of the page. */
    public Commit release(int version, String message) {
        return commit(Map.of("www/index.html", page(version), "slipway.yaml", slipwayYaml(false)), message);
    }

    /** Commits a new version whose container exits at once: in a real cluster its pods crash-loop. */
    public Commit releaseThatCrashes(int version, String message) {
        return commit(Map.of("www/index.html", page(version), "slipway.yaml", slipwayYaml(true)), message);
    }

    private Commit commit(Map<String, String> files, String message) {
        try (Git git = Git.open(dir.toFile())) {
            write(files);
            return commit(git, message);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot commit to " + dir, e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("Cannot commit to " + dir, e);
        }
    }

    private void write(Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
        }
    }

    private Commit commit(Git git, String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        Instant now = Instant.now();
        PersonIdent author = new PersonIdent(AUTHOR, now, java.time.ZoneOffset.UTC);
        RevCommit commit = git.commit().setMessage(message).setAuthor(author).setCommitter(author).setSign(false)
                .call();
        Commit pushed = new Commit(head, commit.getName(), message, now, AUTHOR.getName());
        head = commit.getName();
        return pushed;
    }

    private String page(int version) {
        return """
                <!doctype html>
                <html>
                <head><title>%1$s</title></head>
                <body>
                <h1>Hello from %1$s</h1>
                <p>Version %2$d, delivered by Slipway.</p>
                </body>
                </html>
                """.formatted(app, version);
    }

    /** The pipeline spec of the sample; a crashing one starts a program that exits at once. */
    String slipwayYaml(boolean crashing) {
        String entrypoint = crashing
                ? "[/bin/busybox, \"false\"]"
                : "[/bin/busybox, httpd, -f, -p, \"8080\", -h, /www]";
        String metrics = !trafficMetrics
                ? ""
                : """
                                metrics:
                                  - name: error-rate
                                    query: sum(http_requests_total{app="{{app}}",namespace="{{namespace}}",track="{{track}}",code=~"5.."}) / sum(http_requests_total{app="{{app}}",namespace="{{namespace}}",track="{{track}}"})
                                    max: 0.05
                        """;
        return """
                # A tiny web site: Debian's static busybox serves www/ with its httpd, in an image from scratch.
                app: %1$s
                build:
                  baseImage: scratch
                  commands:
                    - mkdir -p bin && cp %2$s bin/busybox
                  testCommands:
                    - grep -q '<h1>' www/index.html
                  commandTimeout: 1m
                  layers:
                    - name: runtime
                      from: [bin/]
                      to: /bin
                    - name: site
                      from: [www/]
                      to: /www
                  entrypoint: %11$s
                  port: 8080
                  user: "1000"
                chart:
                  replicas: 4
                  resources:
                    requests: {cpu: 10m, memory: 16Mi}
                    limits: {cpu: 100m, memory: 32Mi}
                  probes:
                    readiness: {path: /index.html, period: 2s}
                    liveness: {path: /index.html}
                  secrets: [%3$s]
                environments:
                  - name: %4$s
                    strategy: rolling
                    progressDeadline: 2m
                  - name: %5$s
                    strategy: canary
                    backupBefore: true
                    progressDeadline: 2m
                    canary:
                      steps: [25, 50]
                      interval: %6$ds
                      analysis:
                        failureLimit: 0
                %12$s        kubernetes: true
                database:
                  host: %7$s
                  port: %8$d
                  name: %9$s
                  user: %10$s
                  passwordSecret: %3$s
                  retentionDays: 7
                  probeQuery: select 1 from orders limit 1
                """
                .formatted(app, BUSYBOX, SECRET_KEY, STAGING, PRODUCTION, canaryIntervalSeconds, database.host(),
                        database.port(), database.name(), database.user(), entrypoint, metrics);
    }
}

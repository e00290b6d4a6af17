package dev.slipway.build.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.build.checkout.GitCheckout;
import dev.slipway.build.command.CommandRunner;
import dev.slipway.build.image.ImageAssembler;
import dev.slipway.build.image.ImageLabels;
import dev.slipway.build.image.RegistryApi;
import dev.slipway.build.scan.Redactor;
import dev.slipway.build.scan.SecretScanner;
import dev.slipway.build.testing.RegistryReader;
import dev.slipway.build.testing.Specs;
import dev.slipway.build.testing.TestRepository;
import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.SecretValue;
import dev.slipway.contracts.events.CommitPushed;
import dev.slipway.contracts.events.CommitRef;
import dev.slipway.contracts.events.ImageBuilt;
import dev.slipway.contracts.spec.SpecParser;
import dev.slipway.runtime.RetryPolicy;
import dev.slipway.runtime.StageException;
import dev.slipway.testkit.registry.OciRegistry;
import dev.slipway.testkit.support.FreePorts;
import dev.slipway.testkit.support.Programs;
import dev.slipway.testkit.support.ServerProcess;

/** The whole stage without Kafka, against a real registry and real git repositories. */
class BuildPipelineTest {

    static final String PAGE = "<h1>hello</h1>\n";
    static final String REGISTRY_PASSWORD = "registry-password-never-shown";

    static OciRegistry registry;
    static RegistryReader reader;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistry() {
        registry = OciRegistry.shared();
        reader = new RegistryReader(registry.address());
    }

    BuildPipeline pipeline(String namespace) {
        return pipeline(registry.address(), namespace, dir.resolve("cache-" + namespace));
    }

    BuildPipeline pipeline(String registryAddress, String namespace, Path cache) {
        Redactor redactor = new Redactor(List.of(SecretValue.of(REGISTRY_PASSWORD)));
        GitCheckout git = new GitCheckout(new GitCheckout.Settings(Set.of("file"), Optional.empty(),
                Duration.ofSeconds(30)));
        CommandRunner commands = new CommandRunner(new CommandRunner.Settings("/usr/local/bin:/usr/bin:/bin", 50,
                redactor));
        ImageAssembler images = new ImageAssembler(new ImageAssembler.Settings(registryAddress, Optional.empty(),
                true, cache, "slipway", "1"));
        RegistryApi api = new RegistryApi(new RegistryApi.Settings(registryAddress, Optional.empty(), true,
                Duration.ofSeconds(10)));
        BuildPipeline.Settings settings = new BuildPipeline.Settings(registryAddress, namespace, dir.resolve("work"),
                new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(100)), Duration.ofSeconds(30),
                Duration.ofMinutes(5), Duration.ofMinutes(2));
        return new BuildPipeline(settings, git, commands, new SecretScanner(), images, api, redactor,
                Clock.systemUTC());
    }

    static CommitPushed pushed(TestRepository repo, String app, String branch, String sha) {
        return new CommitPushed(app, new CommitRef("gitea", "team/" + app, repo.url(), branch, sha), null, "ada",
                "test", Instant.now(), "delivery-" + sha);
    }

    TestRepository site(String name, String spec) {
        return Specs.siteRepository(dir.resolve(name), spec, PAGE);
    }

    @Test
    void buildsAndPushesTheImageTheSpecDescribes() throws Exception {
        String spec = Specs.site("hello", "");
        try (TestRepository repo = site("repo", spec)) {
            String sha = repo.commit("first");

            ImageBuilt built = pipeline("apps").build(pushed(repo, "hello", "feature/login", sha));

            String repository = "apps/hello";
            assertThat(built.image().repository()).isEqualTo(registry.address() + "/" + repository);
            assertThat(built.image().tags()).containsExactly(sha, sha.substring(0, 12), "feature-login");
            for (String tag : built.image().tags()) {
                assertThat(reader.digest(repository, tag)).as("tag %s", tag).contains(built.image().digest());
            }
            assertThat(reader.manifestMediaType(repository, sha)).startsWith("application/vnd.oci.image.manifest");
            List<String> layers = reader.layerDigests(repository, sha);
            assertThat(layers).hasSize(2);
            assertThat(built.layerCount()).isEqualTo(2);
            long size = 0;
            for (JsonNode layer : reader.manifest(repository, sha).path("layers")) {
                size += layer.path("size").asLong();
            }
            assertThat(built.sizeBytes()).isEqualTo(size).isPositive();
            assertThat(reader.layerEntries(repository, layers.get(0))).contains("bin/busybox 755");
            assertThat(reader.layerEntries(repository, layers.get(1))).contains("www/index.html 644")
                    .noneMatch(e -> e.startsWith("site/") || e.contains(".git"));

            JsonNode config = reader.config(repository, sha);
            JsonNode container = config.path("config");
            assertThat(container.path("User").asText()).isEqualTo("1000");
            assertThat(container.path("Entrypoint")).extracting(JsonNode::asText)
                    .containsExactly("/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/www");
            assertThat(container.path("ExposedPorts").has("8080/tcp")).isTrue();
            assertThat(container.path("Env")).extracting(JsonNode::asText)
                    .contains("GREETING=hello", "COLOUR=blue");
            JsonNode labels = container.path("Labels");
            assertThat(labels.path(ImageLabels.REVISION).asText()).isEqualTo(sha);
            assertThat(labels.path(ImageLabels.SOURCE).asText()).isEqualTo(repo.url());
            assertThat(Instant.parse(labels.path(ImageLabels.CREATED).asText())).isEqualTo(
                    Instant.parse(config.path("created").asText()));
            assertThat(config.path("history").toString()).contains("slipway");

            assertThat(built.spec()).isEqualTo(SpecParser.parse(spec));
            assertThat(built.baseImageDigest()).isNull();
            assertThat(built.commit().sha()).isEqualTo(sha);
            assertThat(built.buildMillis()).isPositive();
            assertThat(dir.resolve("work")).isEmptyDirectory();
        }
    }

    @Test
    void buildsTheSameCommitToTheSameDigest() throws Exception {
        try (TestRepository repo = site("repo", Specs.site("same", ""))) {
            String sha = repo.commit("first");

            ImageBuilt one = pipeline("first").build(pushed(repo, "same", "main", sha));
            ImageBuilt two = pipeline("second").build(pushed(repo, "same", "main", sha));

            assertThat(two.image().repository()).isNotEqualTo(one.image().repository());
            assertThat(two.image().digest()).isEqualTo(one.image().digest());
        }
    }

    @Test
    void rebuildsOnlyTheCodeLayerWhenOnlyCodeChanged() throws Exception {
        try (TestRepository repo = site("repo", Specs.site("layers", ""))) {
            String first = repo.commit("first");
            String second = repo.write("site/index.html", "<h1>hello again</h1>\n").commit("change the page");
            BuildPipeline pipeline = pipeline("apps");

            ImageBuilt before = pipeline.build(pushed(repo, "layers", "main", first));
            ImageBuilt after = pipeline.build(pushed(repo, "layers", "main", second));

            List<String> beforeLayers = reader.layerDigests("apps/layers", first);
            List<String> afterLayers = reader.layerDigests("apps/layers", second);
            assertThat(afterLayers.get(0)).as("dependency layer").isEqualTo(beforeLayers.get(0));
            assertThat(afterLayers.get(1)).as("code layer").isNotEqualTo(beforeLayers.get(1));
            assertThat(after.image().digest()).isNotEqualTo(before.image().digest());
            assertThat(reader.digest("apps/layers", "main")).contains(after.image().digest());
        }
    }

    @Test
    void answersARepeatFromTheRegistryWithoutBuildingAgain() throws Exception {
        Path marker = dir.resolve("builds.log");
        String spec = Specs.site("again", "").replace("    - mkdir -p www",
                "    - echo built >> " + marker + "\n    - mkdir -p www");
        try (TestRepository repo = site("repo", spec)) {
            String sha = repo.commit("first");
            BuildPipeline pipeline = pipeline("apps");

            ImageBuilt first = pipeline.build(pushed(repo, "again", "main", sha));
            ImageBuilt repeat = pipeline.build(pushed(repo, "again", "release", sha));

            assertThat(Files.readAllLines(marker)).containsExactly("built");
            assertThat(repeat.image().digest()).isEqualTo(first.image().digest());
            assertThat(repeat.spec()).isEqualTo(first.spec());
            assertThat(repeat.layerCount()).isEqualTo(first.layerCount());
            assertThat(repeat.sizeBytes()).isEqualTo(first.sizeBytes());
            assertThat(repeat.image().tags()).containsExactly(sha, sha.substring(0, 12), "release");
            assertThat(reader.digest("apps/again", "release")).contains(first.image().digest());
        }
    }

    @Test
    void buildsOnABaseImageFromTheRegistry() throws Exception {
        try (TestRepository base = site("base", Specs.site("busybox", ""))) {
            String baseSha = base.commit("base");
            ImageBuilt baseImage = pipeline("bases").build(pushed(base, "busybox", "main", baseSha));
            String spec = """
                    app: onbase
                    build:
                      baseImage: %s/bases/busybox:%s
                      layers:
                        - name: content
                          from: [content/]
                          to: /www
                      entrypoint: [/bin/busybox, httpd, -f, -p, "8080", -h, /www]
                    environments:
                      - name: staging
                    """.formatted(registry.address(), baseSha.substring(0, 12));
            try (TestRepository repo = TestRepository.create(dir.resolve("app"))) {
                String sha = repo.write("slipway.yaml", spec).write("content/index.html", "on a base").commit("app");

                ImageBuilt built = pipeline("apps").build(pushed(repo, "onbase", "main", sha));

                assertThat(built.baseImageDigest()).isEqualTo(baseImage.image().digest());
                assertThat(built.layerCount()).isEqualTo(3);
                List<String> layers = reader.layerDigests("apps/onbase", sha);
                assertThat(layers.subList(0, 2)).isEqualTo(reader.layerDigests("bases/busybox", baseSha));
                assertThat(reader.config("apps/onbase", sha).path("config").path("Labels")
                        .path(ImageLabels.BASE_DIGEST).asText()).isEqualTo(baseImage.image().digest());
            }
        }
    }

    @Test
    void putsTheWholeCheckoutInAppWhenTheSpecNamesNoLayers() throws Exception {
        String spec = """
                app: plain
                build:
                  baseImage: scratch
                environments:
                  - name: staging
                """;
        try (TestRepository repo = TestRepository.create(dir.resolve("repo"))) {
            String sha = repo.write("slipway.yaml", spec).write("src/main.txt", "code").commit("plain");

            ImageBuilt built = pipeline("apps").build(pushed(repo, "plain", "main", sha));

            assertThat(built.layerCount()).isEqualTo(1);
            assertThat(reader.layerEntries("apps/plain", reader.layerDigests("apps/plain", sha).get(0)))
                    .contains("app/slipway.yaml 644", "app/src/main.txt 644")
                    .noneMatch(e -> e.contains(".git"));
        }
    }

    // Failures: each is one StageException with the right reason, and nothing is pushed under the commit's tag.

    @Test
    void failsWhenTheCommitHasNoSpec() throws Exception {
        try (TestRepository repo = TestRepository.create(dir.resolve("repo"))) {
            String sha = repo.write("README.md", "no spec").commit("first");

            assertFails(pipeline("apps"), pushed(repo, "nospec", "main", sha), "apps/nospec", e -> {
                assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT);
                assertThat(e.getMessage()).contains("slipway.yaml is missing");
            });
        }
    }

    @Test
    void failsWithTheParsersLinesForAnInvalidSpec() throws Exception {
        String spec = """
                app: broken
                build:
                  baseImage: scratch
                  prot: 8080
                environments: []
                """;
        try (TestRepository repo = TestRepository.create(dir.resolve("repo"))) {
            String sha = repo.write("slipway.yaml", spec).commit("first");

            assertFails(pipeline("apps"), pushed(repo, "broken", "main", sha), "apps/broken", e -> {
                assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT);
                assertThat(e.logTail()).anyMatch(l -> l.matches("slipway\\.yaml:4:3: build\\.prot: unknown field.*"));
                assertThat(e.getMessage()).contains("slipway.yaml:4:3: build.prot");
            });
        }
    }

    @Test
    void failsWhenTheSpecNamesAnotherApplication() throws Exception {
        try (TestRepository repo = site("repo", Specs.site("other", ""))) {
            String sha = repo.commit("first");

            assertFails(pipeline("apps"), pushed(repo, "mine", "main", sha), "apps/mine", e -> {
                assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT);
                assertThat(e.getMessage()).contains("'other'", "'mine'");
            });
        }
    }

    @Test
    void failsWithTheOutputTailOfAFailingTestCommand() throws Exception {
        String spec = Specs.site("failing", "").replace("test -s www/index.html",
                "echo using " + REGISTRY_PASSWORD + "; echo 'expected 2 but was 3' >&2; exit 1");
        try (TestRepository repo = site("repo", spec)) {
            String sha = repo.commit("first");

            assertFails(pipeline("apps"), pushed(repo, "failing", "main", sha), "apps/failing", e -> {
                assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT);
                assertThat(e.retriable()).isFalse();
                assertThat(e.getMessage()).contains("test command 1", "exit code 1");
                assertThat(e.logTail()).containsExactly("using [redacted]", "expected 2 but was 3");
            });
        }
    }

    @Test
    void stopsACommandOverItsTimeLimit() throws Exception {
        String spec = Specs.site("slow", "").replace("commandTimeout: 60s", "commandTimeout: 1s")
                .replace("test -s www/index.html", "echo waiting; sleep 30");
        try (TestRepository repo = site("repo", spec)) {
            String sha = repo.commit("first");

            assertFails(pipeline("apps"), pushed(repo, "slow", "main", sha), "apps/slow", e -> {
                assertThat(e.reason()).isEqualTo(FailureReason.TIMEOUT);
                assertThat(e.getMessage()).contains("did not finish within 1s");
                assertThat(e.logTail()).containsExactly("waiting");
            });
        }
    }

    @Test
    void failsOnCommittedSecretsWhenTheSpecAsksForAScan() throws Exception {
        String token = "glpat-" + "Abcdefghij0123456789";
        try (TestRepository repo = site("repo", Specs.site("leaky", "scanSecrets: true"))) {
            String sha = repo.write("config/app.env", "TOKEN=" + token + "\n").commit("oops");

            assertFails(pipeline("apps"), pushed(repo, "leaky", "main", sha), "apps/leaky", e -> {
                assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT);
                assertThat(e.logTail()).containsExactly("config/app.env:1: GitLab token");
                assertThat(e.getMessage() + e.logTail()).doesNotContain(token);
            });
        }
    }

    @Test
    void rejectsALayerLinkingOutsideTheCheckout() throws Exception {
        String spec = Specs.site("linky", "").replace("mkdir -p www && cp site/*.html www/",
                "mkdir -p www && cp site/*.html www/ && ln -s /etc/passwd www/passwd");
        try (TestRepository repo = site("repo", spec)) {
            String sha = repo.commit("first");

            assertFails(pipeline("apps"), pushed(repo, "linky", "main", sha), "apps/linky", e -> {
                assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT);
                assertThat(e.getMessage()).contains("layer 'site'", "outside the repository");
            });
        }
    }

    @Test
    void reportsAnUnreachableRegistryAsRetriableAfterRetrying() throws Exception {
        try (TestRepository repo = site("repo", Specs.site("offline", ""))) {
            String sha = repo.commit("first");
            String nowhere = FreePorts.LOOPBACK + ":" + FreePorts.next();

            assertThatThrownBy(() -> pipeline(nowhere, "apps", dir.resolve("cache")).build(pushed(repo, "offline",
                    "main", sha)))
                    .isInstanceOfSatisfying(StageException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FailureReason.UNAVAILABLE);
                        assertThat(e.retriable()).isTrue();
                        assertThat(e.attempts()).isEqualTo(2);
                    });
        }
    }

    @Test
    void reportsARegistryThatRefusesThePushAsRetriable() throws Exception {
        String address = FreePorts.LOOPBACK + ":" + FreePorts.next();
        Path registryDir = dir.resolve("read-only-registry");
        Files.createDirectories(registryDir);
        // A registry in maintenance: it answers reads and refuses every write.
        Files.writeString(registryDir.resolve("config.yml"), """
                version: 0.1
                log:
                  level: warn
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  maintenance:
                    readonly:
                      enabled: true
                http:
                  addr: %s
                """.formatted(registryDir.resolve("storage"), address));
        try (ServerProcess readOnly = ServerProcess.start("read-only registry",
                List.of(Programs.find(OciRegistry.PROGRAM, OciRegistry.DEBIAN_PACKAGE,
                        List.of(Path.of("/usr/bin", OciRegistry.PROGRAM))).toString(), "serve",
                        registryDir.resolve("config.yml").toString()),
                registryDir.resolve("registry.log"), null);
                TestRepository repo = site("repo", Specs.site("refused", ""))) {
            readOnly.awaitReady(Duration.ofSeconds(20), () -> {
                try (java.net.Socket socket = new java.net.Socket(FreePorts.LOOPBACK,
                        Integer.parseInt(address.substring(address.indexOf(':') + 1)))) {
                    return socket.isConnected();
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            String sha = repo.commit("first");

            assertThatThrownBy(() -> pipeline(address, "apps", dir.resolve("cache")).build(pushed(repo, "refused",
                    "main", sha)))
                    .isInstanceOfSatisfying(StageException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FailureReason.UNAVAILABLE);
                        assertThat(e.retriable()).isTrue();
                        assertThat(e.attempts()).isEqualTo(2);
                        assertThat(e.getMessage()).contains("refused the push");
                    });
            assertThat(new RegistryReader(address).digest("apps/refused", sha)).isEmpty();
        }
    }

    @Test
    void reportsAnUnreachableRepositoryAsRetriable() {
        String url = dir.resolve("gone.git").toUri().toString();
        CommitPushed event = new CommitPushed("gone", new CommitRef("gitea", "team/gone", url, "main",
                "0123456789abcdef0123456789abcdef01234567"), null, "ada", "x", Instant.now(), "d");

        assertFails(pipeline("apps"), event, "apps/gone", e -> {
            assertThat(e.reason()).isEqualTo(FailureReason.UNAVAILABLE);
            assertThat(e.attempts()).isEqualTo(2);
        });
    }

    private void assertFails(BuildPipeline pipeline, CommitPushed event, String repository,
            Consumer<StageException> check) {
        assertThatThrownBy(() -> pipeline.build(event)).isInstanceOfSatisfying(StageException.class, check);
        assertThat(reader.digest(repository, event.commit().sha())).as("nothing under the commit's tag").isEmpty();
        try (Stream<Path> left = Files.exists(dir.resolve("work"))
                ? Files.list(dir.resolve("work"))
                : Stream.empty()) {
            assertThat(left).as("build directories are removed").isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

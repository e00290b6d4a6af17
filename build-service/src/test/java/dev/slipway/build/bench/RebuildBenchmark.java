package dev.slipway.build.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.slipway.build.checkout.GitCheckout;
import dev.slipway.build.command.CommandRunner;
import dev.slipway.build.image.ImageAssembler;
import dev.slipway.build.image.RegistryApi;
import dev.slipway.build.pipeline.BuildPipeline;
import dev.slipway.build.scan.Redactor;
import dev.slipway.build.scan.SecretScanner;
import dev.slipway.build.testing.Specs;
import dev.slipway.build.testing.TestRepository;
import dev.slipway.contracts.events.CommitPushed;
import dev.slipway.contracts.events.CommitRef;
import dev.slipway.runtime.RetryPolicy;
import dev.slipway.testkit.registry.OciRegistry;

/**
 * Full image build against a code-only rebuild, through the whole stage (fetch, commands, jib, push) against the real
 * registry. Not part of the test suite: run it with {@code bench/build-rebuild.sh}. It prints figures; it asserts
 * nothing about speed.
 */
class RebuildBenchmark {

    static final int ROUNDS = Integer.getInteger("bench.rounds", 7);
    static final int DEPENDENCY_MIB = Integer.getInteger("bench.dependencyMiB", 24);

    @Test
    void fullBuildAgainstCodeOnlyRebuild() throws Exception {
        OciRegistry registry = OciRegistry.shared();
        Path root = Files.createTempDirectory("slipway-bench-");
        List<Long> full = new ArrayList<>();
        List<Long> codeOnly = new ArrayList<>();
        Random random = new Random(42);
        for (int round = 0; round <= ROUNDS; round++) {
            String app = "bench" + round;
            Path dir = root.resolve(app);
            try (TestRepository repo = Specs.siteRepository(dir, Specs.site(app, ""), "<h1>v1</h1>\n")) {
                // A dependency layer of its own random bytes, so no round finds it in the registry already.
                byte[] dependency = new byte[DEPENDENCY_MIB << 20];
                random.nextBytes(dependency);
                repo.write("bin/libdeps.so", dependency, false);
                String first = repo.commit("first");
                String second = repo.write("site/index.html", "<h1>v2</h1>\n").commit("change the page");
                BuildPipeline pipeline = pipeline(registry.address(), dir);

                long t0 = System.nanoTime();
                pipeline.build(pushed(repo, app, first));
                long t1 = System.nanoTime();
                pipeline.build(pushed(repo, app, second));
                long t2 = System.nanoTime();
                if (round > 0) { // round 0 warms the JVM and the registry
                    full.add(t1 - t0);
                    codeOnly.add(t2 - t1);
                }
            }
        }
        long fullMedian = median(full);
        long codeMedian = median(codeOnly);
        System.out.printf("%nBENCH build full vs code-only rebuild (%d rounds, %d MiB dependency layer)%n", ROUNDS,
                DEPENDENCY_MIB);
        System.out.printf("BENCH | full build, median | %d ms |%n", fullMedian / 1_000_000);
        System.out.printf("BENCH | code-only rebuild, median | %d ms |%n", codeMedian / 1_000_000);
        System.out.printf("BENCH | ratio full / code-only | %.2f |%n", (double) fullMedian / codeMedian);
    }

    static BuildPipeline pipeline(String registry, Path dir) {
        Redactor redactor = new Redactor(List.of());
        GitCheckout git = new GitCheckout(new GitCheckout.Settings(Set.of("file"), Optional.empty(),
                Duration.ofSeconds(60)));
        CommandRunner commands = new CommandRunner(new CommandRunner.Settings("/usr/local/bin:/usr/bin:/bin", 50,
                redactor));
        ImageAssembler images = new ImageAssembler(new ImageAssembler.Settings(registry, Optional.empty(), true,
                dir.resolve("cache"), "slipway", "1"));
        RegistryApi api = new RegistryApi(new RegistryApi.Settings(registry, Optional.empty(), true,
                Duration.ofSeconds(30)));
        BuildPipeline.Settings settings = new BuildPipeline.Settings(registry, "bench", dir.resolve("work"),
                RetryPolicy.once(), Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofMinutes(5));
        return new BuildPipeline(settings, git, commands, new SecretScanner(), images, api, redactor,
                Clock.systemUTC());
    }

    static CommitPushed pushed(TestRepository repo, String app, String sha) {
        return new CommitPushed(app, new CommitRef("gitea", "bench/" + app, repo.url(), "main", sha), null, "bench",
                "bench", Instant.now(), "bench-" + sha);
    }

    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}

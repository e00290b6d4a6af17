package dev.slipway.build.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.spec.BuildSpec;
import dev.slipway.runtime.StageException;
import dev.slipway.testkit.support.FreePorts;

class ImageAssemblerTest {

    @TempDir
    Path dir;

    private static BuildSpec spec(List<BuildSpec.LayerSpec> layers) {
        return new BuildSpec("scratch", List.of(), List.of(), 60, layers, List.of("/app/run"), 8080, "1000",
                Map.of(), false);
    }

    @Test
    void reportsARegistryThatCannotBeReachedAsRetriable() throws Exception {
        Files.writeString(dir.resolve("run"), "#!/bin/sh\n");
        String nowhere = FreePorts.LOOPBACK + ":" + FreePorts.next();
        ImageAssembler assembler = new ImageAssembler(new ImageAssembler.Settings(nowhere, Optional.empty(), true,
                dir.resolve("cache"), "slipway", "1"));
        ImageRequest request = new ImageRequest(new ImageTarget(nowhere, "apps/x", List.of("a".repeat(40))),
                spec(List.of()), dir, Instant.EPOCH, Map.of(), Optional.empty());

        assertThatThrownBy(() -> assembler.push(request)).isInstanceOfSatisfying(StageException.class, e -> {
            assertThat(e.reason()).isEqualTo(FailureReason.UNAVAILABLE);
            assertThat(e.getMessage()).contains(nowhere);
        });
    }

    @Test
    void copiesDirectoryContentsAndFilesAsDockerCopyDoes() throws Exception {
        Files.createDirectories(dir.resolve("lib/sub"));
        Files.writeString(dir.resolve("lib/sub/dep.jar"), "dep");
        Files.writeString(dir.resolve("run"), "#!/bin/sh\n");
        dir.resolve("run").toFile().setExecutable(true);

        var layers = LayerPlanner.plan(spec(List.of(new BuildSpec.LayerSpec("deps", List.of("lib/"), "/opt/lib"),
                new BuildSpec.LayerSpec("code", List.of("run"), "/app"))), dir);

        assertThat(layers).hasSize(2);
        assertThat(layers.get(0).getEntries()).extracting(e -> e.getExtractionPath() + " "
                + e.getPermissions().toOctalString()).containsExactly("/opt/lib/sub 755", "/opt/lib/sub/dep.jar 644");
        assertThat(layers.get(1).getEntries()).extracting(e -> e.getExtractionPath() + " "
                + e.getPermissions().toOctalString()).containsExactly("/app/run 755");
    }

    @Test
    void rejectsLayerPathsThatDoNotExist() {
        assertThatThrownBy(() -> LayerPlanner.plan(spec(List.of(new BuildSpec.LayerSpec("deps",
                List.of("target/lib/"), "/lib"))), dir))
                .isInstanceOfSatisfying(StageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT);
                    assertThat(e.getMessage()).isEqualTo(
                            "layer 'deps': 'target/lib/' does not exist after the build commands");
                });
    }
}

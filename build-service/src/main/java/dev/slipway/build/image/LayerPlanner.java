package dev.slipway.build.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.spec.BuildSpec;
import dev.slipway.runtime.StageException;

/**
 * Turns the spec's layers into Jib layers, in the spec's order (dependencies first, so a code change leaves their
 * layer untouched). A path is copied as Docker's {@code COPY} does: a directory's contents into {@code to}, a file to
 * {@code to/name}. Every entry gets a fixed time and mode 755 or 644 (from the owner's execute bit), so the same files
 * always make the same layer. A symbolic link that leads outside the checkout fails the build: it would copy a file of
 * the build machine into the image.
 */
public final class LayerPlanner {

    /** The layer made when the spec names none: the whole checkout in {@code /app}. */
    public static final String DEFAULT_LAYER = "app";
    public static final String DEFAULT_DIRECTORY = "/app";

    private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");
    private static final FilePermissions REGULAR = FilePermissions.fromOctalString("644");

    private LayerPlanner() {
    }

    public static List<FileEntriesLayer> plan(BuildSpec build, Path checkout) throws StageException {
        Path root;
        try {
            root = checkout.toRealPath();
        } catch (IOException e) {
            throw StageException.of(FailureReason.INTERNAL, "the checkout is gone: " + e.getMessage(), e);
        }
        List<FileEntriesLayer> layers = new ArrayList<>();
        if (build.layers().isEmpty()) {
            FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(DEFAULT_LAYER);
            addContents(layer, root, root, AbsoluteUnixPath.get(DEFAULT_DIRECTORY), DEFAULT_LAYER);
            layers.add(layer.build());
            return layers;
        }
        for (BuildSpec.LayerSpec spec : build.layers()) {
            FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(spec.name());
            AbsoluteUnixPath to = AbsoluteUnixPath.get(spec.to());
            for (String from : spec.from()) {
                Path source = root.resolve(from).normalize();
                if (!source.startsWith(root)) {
                    throw invalid(spec.name(), "'" + from + "' is outside the repository");
                }
                if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                    throw invalid(spec.name(), "'" + from + "' does not exist after the build commands");
                }
                Path real = real(root, source, spec.name());
                if (Files.isDirectory(real)) {
                    addContents(layer, root, source, to, spec.name());
                } else {
                    layer.addEntry(source, to.resolve(source.getFileName().toString()), permissions(real),
                            FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
                }
            }
            layers.add(layer.build());
        }
        return layers;
    }

    private static void addContents(FileEntriesLayer.Builder layer, Path root, Path directory, AbsoluteUnixPath to,
            String name) throws StageException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.filter(p -> !p.equals(directory)).sorted().toList();
        } catch (IOException e) {
            throw StageException.of(FailureReason.INTERNAL, "cannot list the files of layer '" + name + "': "
                    + e.getMessage(), e);
        }
        for (Path path : paths) {
            Path relative = directory.relativize(path);
            if (relative.getName(0).toString().equals(".git")) {
                continue;
            }
            Path real = real(root, path, name);
            AbsoluteUnixPath target = to;
            for (Path part : relative) {
                target = target.resolve(part.toString());
            }
            if (Files.isDirectory(real)) {
                if (!Files.isSymbolicLink(path)) {
                    layer.addEntry(path, target, EXECUTABLE, FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
                }
            } else {
                layer.addEntry(path, target, permissions(real), FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
            }
        }
    }

    private static Path real(Path root, Path path, String layer) throws StageException {
        try {
            Path real = path.toRealPath();
            if (!real.startsWith(root)) {
                throw invalid(layer, "'" + root.relativize(path) + "' is a link to a file outside the repository");
            }
            return real;
        } catch (IOException e) {
            throw invalid(layer, "'" + root.relativize(path) + "' cannot be read (a broken link?)");
        }
    }

    private static FilePermissions permissions(Path file) throws StageException {
        try {
            return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE)
                    ? EXECUTABLE
                    : REGULAR;
        } catch (IOException e) {
            throw StageException.of(FailureReason.INTERNAL, "cannot read the mode of " + file.getFileName(), e);
        }
    }

    private static StageException invalid(String layer, String problem) {
        return StageException.of(FailureReason.INVALID_INPUT, "layer '" + layer + "': " + problem);
    }
}

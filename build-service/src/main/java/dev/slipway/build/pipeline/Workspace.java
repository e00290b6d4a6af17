package dev.slipway.build.pipeline;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import org.jboss.logging.Logger;

/**
 * A fresh directory for one build, deleted when the build ends: {@code source} holds the checkout, {@code home} is
 * the {@code HOME} of the build commands.
 */
public final class Workspace implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Workspace.class);

    private final Path root;

    private Workspace(Path root) {
        this.root = root;
    }

    public static Workspace create(Path parent, String name) throws IOException {
        Files.createDirectories(parent);
        Path root = Files.createTempDirectory(parent, name + "-");
        Files.createDirectories(root.resolve("source"));
        Files.createDirectories(root.resolve("home"));
        return new Workspace(root);
    }

    public Path root() {
        return root;
    }

    public Path source() {
        return root.resolve("source");
    }

    public Path home() {
        return root.resolve("home");
    }

    @Override
    public void close() {
        try {
            delete(root);
        } catch (IOException e) {
            LOG.warnf("Cannot delete build directory %s: %s", root, e.getMessage());
        }
    }

    /** Deletes a tree, making read-only directories writable first (some build tools leave them so). */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                d.toFile().setWritable(true, true);
                d.toFile().setExecutable(true, true);
                d.toFile().setReadable(true, true);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

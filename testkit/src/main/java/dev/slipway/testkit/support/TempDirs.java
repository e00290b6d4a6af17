package dev.slipway.testkit.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Temporary directories for server data. Each is deleted when its server stops; a small reaper process deletes any
 * that are left when the JVM dies without running its shutdown hooks (a killed fork).
 */
public final class TempDirs {

    private static final String REAPER_SCRIPT = "while IFS= read -r dir; do set -- \"$@\" \"$dir\"; done; "
            + "[ $# -eq 0 ] || rm -rf -- \"$@\"";

    private static OutputStream reaper;

    /** A fresh directory under {@code java.io.tmpdir}, reaped if the JVM dies. */
    public static Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory("slipway-" + prefix + "-");
            reapOnExit(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory", e);
        }
    }

    /** Deletes {@code dir} and everything in it; a missing directory is fine. */
    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }

    /**
     * The reaper reads directory names until its standard input closes, which happens when this JVM exits however it
     * exits, and then deletes them.
     */
    private static synchronized void reapOnExit(Path dir) {
        try {
            if (reaper == null) {
                Process process = new ProcessBuilder("sh", "-c", REAPER_SCRIPT)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                reaper = process.getOutputStream();
            }
            reaper.write((dir.toAbsolutePath() + "\n").getBytes(StandardCharsets.UTF_8));
            reaper.flush();
        } catch (IOException e) {
            // No shell: directories are still deleted by the shutdown hooks of a JVM that exits normally.
            reaper = OutputStream.nullOutputStream();
        }
    }

    private TempDirs() {
    }
}

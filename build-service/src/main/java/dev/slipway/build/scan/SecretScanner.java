package dev.slipway.build.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Looks for committed secrets in a checkout: private key blocks and common token formats, line by line in text files.
 * Findings name the file, the line and the kind of secret, never the secret itself.
 */
public final class SecretScanner {

    /** Files larger than this are not read (lock files and generated bundles rarely hold keys, and cost time). */
    static final long MAX_FILE_BYTES = 2 * 1024 * 1024;
    private static final int BINARY_PROBE_BYTES = 8000;

    /** A secret found at {@code path:line}. */
    public record Finding(String path, int line, String kind) {
        @Override
        public String toString() {
            return path + ":" + line + ": " + kind;
        }
    }

    public List<Finding> scan(Path root) throws IOException {
        List<Finding> findings = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.getFileName() != null && dir.getFileName().toString().equals(".git") && !dir.equals(root)
                        ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && attrs.size() <= MAX_FILE_BYTES) {
                    scanFile(root, file, findings);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        findings.sort(Comparator.comparing(Finding::path).thenComparingInt(Finding::line));
        return findings;
    }

    private static void scanFile(Path root, Path file, List<Finding> findings) throws IOException {
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readAllBytes();
        }
        byte[] probe = Arrays.copyOf(content, Math.min(content.length, BINARY_PROBE_BYTES));
        for (byte b : probe) {
            if (b == 0) {
                return;
            }
        }
        String relative = root.relativize(file).toString();
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            SecretPatterns.Kind kind = SecretPatterns.find(lines[i]);
            if (kind != null) {
                findings.add(new Finding(relative, i + 1, kind.name()));
            }
        }
    }
}

package dev.slipway.testkit.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.slipway.testkit.MissingProgramException;

/** Finds the programs that back the external servers. */
public final class Programs {

    /**
     * The first executable among {@code candidates}, then on {@code PATH}.
     *
     * @throws MissingProgramException naming {@code debianPackage} when none is found
     */
    public static Path find(String program, String debianPackage, List<Path> candidates) {
        List<Path> searched = new ArrayList<>(candidates);
        String pathVariable = System.getenv("PATH");
        if (pathVariable != null) {
            for (String dir : pathVariable.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    searched.add(Path.of(dir, program));
                }
            }
        }
        for (Path candidate : searched) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new MissingProgramException(program, debianPackage,
                candidates.isEmpty() ? "PATH" : candidates + " and PATH");
    }

    private Programs() {
    }
}

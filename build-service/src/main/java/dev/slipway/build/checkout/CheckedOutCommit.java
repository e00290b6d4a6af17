package dev.slipway.build.checkout;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A commit's files on disk.
 *
 * @param directory the working tree, with the commit checked out (and a {@code .git} directory)
 * @param sha the commit
 * @param commitTime the committer's time, used for reproducible image timestamps
 * @param spec the text of {@code slipway.yaml} at the commit, if the commit has one
 */
public record CheckedOutCommit(Path directory, String sha, Instant commitTime, Optional<String> spec) {
}

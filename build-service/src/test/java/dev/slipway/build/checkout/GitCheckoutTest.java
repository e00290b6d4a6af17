package dev.slipway.build.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.slipway.build.testing.TestRepository;
import dev.slipway.contracts.FailureReason;
import dev.slipway.runtime.StageException;

class GitCheckoutTest {

    private final GitCheckout git = new GitCheckout(new GitCheckout.Settings(Set.of("file"), Optional.empty(),
            Duration.ofSeconds(30)));

    @TempDir
    Path dir;

    @Test
    void checksOutThePushedCommitEvenWhenTheBranchMovedOn() throws Exception {
        try (TestRepository repo = TestRepository.create(dir.resolve("repo"))) {
            String first = repo.write("slipway.yaml", "app: one\n").write("src/a.txt", "first").commit("first");
            String second = repo.write("src/a.txt", "second").commit("second");

            CheckedOutCommit checkout = git.checkout(repo.url(), "main", first, dir.resolve("build"));

            assertThat(checkout.directory().resolve("src/a.txt")).hasContent("first");
            assertThat(checkout.spec()).contains("app: one\n");
            assertThat(checkout.commitTime()).isAfter(java.time.Instant.EPOCH);
            try (Git fetched = Git.open(dir.resolve("build").toFile())) {
                assertThat(fetched.getRepository().getObjectDatabase().has(ObjectId.fromString(second)))
                        .as("only the pushed commit is fetched, not the branch tip").isFalse();
            }
        }
    }

    @Test
    void keepsTheExecutableBitOfCommittedFiles() throws Exception {
        try (TestRepository repo = TestRepository.create(dir.resolve("repo"))) {
            String sha = repo.write("build.sh", "#!/bin/sh\necho hi\n".getBytes(), true).commit("script");

            CheckedOutCommit checkout = git.checkout(repo.url(), "main", sha, dir.resolve("build"));

            assertThat(Files.isExecutable(checkout.directory().resolve("build.sh"))).isTrue();
        }
    }

    /** The server refuses the lone sha, so the branch is fetched too, and the commit is not on it either. */
    @Test
    void rejectsACommitTheRepositoryDoesNotHave() {
        try (TestRepository repo = TestRepository.create(dir.resolve("repo"))) {
            repo.write("a.txt", "a").commit("a");
            String missing = "0123456789abcdef0123456789abcdef01234567";

            assertThatThrownBy(() -> git.checkout(repo.url(), "main", missing, dir.resolve("build")))
                    .isInstanceOfSatisfying(StageException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT);
                        assertThat(e.getMessage()).contains(missing);
                    });
        }
    }

    @Test
    void reportsAnUnreachableRepositoryAsRetriable() {
        String url = dir.resolve("no-such-repo.git").toUri().toString();

        assertThatThrownBy(() -> git.checkout(url, "main", "0123456789abcdef0123456789abcdef01234567",
                dir.resolve("build")))
                .isInstanceOfSatisfying(StageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.UNAVAILABLE);
                    assertThat(e.retriable()).isTrue();
                });
    }

    @Test
    void rejectsSchemesThatAreNotAllowed() {
        assertThatThrownBy(() -> git.checkout("https://git.example.test/team/hello.git", "main",
                "0123456789abcdef0123456789abcdef01234567", dir.resolve("build")))
                .isInstanceOfSatisfying(StageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("'https' is not allowed");
                });
    }

    @Test
    void rejectsAShortOrMalformedSha() {
        assertThatThrownBy(() -> git.checkout("file:///tmp/x.git", "main", "abc123", dir.resolve("build")))
                .isInstanceOfSatisfying(StageException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT));
    }

    @Test
    void dropsCredentialsAUrlCarries() throws Exception {
        GitCheckout https = new GitCheckout(new GitCheckout.Settings(Set.of("https"), Optional.empty(),
                Duration.ofSeconds(5)));

        assertThat(https.url("https://bob:hunter2-secret@git.example.test/team/hello.git").toString())
                .isEqualTo("https://git.example.test/team/hello.git");
        assertThat(RepositoryUrls.withoutCredentials("https://bob:hunter2-secret@git.example.test/x.git"))
                .doesNotContain("hunter2").doesNotContain("bob");
    }
}

package dev.slipway.build.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.slipway.contracts.events.CommitRef;

class ImageTagsTest {

    static final String SHA = "3f6c2a9e8b7d4c1f0a2b3c4d5e6f708192a3b4c5";

    @Test
    void tagsAnImageWithFullShaFirstThenShortShaAndBranch() {
        CommitRef commit = new CommitRef("github", "team/hello", "https://x/y.git", "main", SHA);

        assertThat(ImageTags.of(commit)).containsExactly(SHA, "3f6c2a9e8b7d", "main");
    }

    @Test
    void turnsBranchNamesIntoValidTags() {
        assertThat(ImageTags.branchTag("feature/login")).isEqualTo("feature-login");
        assertThat(ImageTags.branchTag("refs/heads/release/1.2")).isEqualTo("release-1.2");
        assertThat(ImageTags.branchTag("-.hidden")).isEqualTo("hidden");
        assertThat(ImageTags.branchTag("ünïcode@{x}")).isEqualTo("n-code--x-");
        assertThat(ImageTags.branchTag("x".repeat(300))).hasSize(128);
        assertThat(ImageTags.branchTag("///")).isNull();
    }

    @Test
    void neverLetsABranchTakeACommitsTag() {
        assertThat(ImageTags.branchTag("3f6c2a9e8b7d")).isEqualTo("branch-3f6c2a9e8b7d");
        assertThat(ImageTags.branchTag(SHA)).isEqualTo("branch-" + SHA);
        assertThat(ImageTags.branchTag("deadbeef-fix")).isEqualTo("deadbeef-fix");
    }
}

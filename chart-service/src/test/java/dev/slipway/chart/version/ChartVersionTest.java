package dev.slipway.chart.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChartVersionTest {

    private static final String SHA = "3f6c2a9e8b7d4c1f0a2b3c4d5e6f708192a3b4c5";

    @Test
    void sameCommitGivesSameVersion() {
        assertThat(ChartVersion.of(SHA)).isEqualTo(ChartVersion.of(SHA)).isEqualTo("0.0.0-3f6c2a9e8b7d");
    }

    @Test
    void differentCommitsGiveDifferentVersions() {
        assertThat(ChartVersion.of(SHA)).isNotEqualTo(ChartVersion.of("4f6c2a9e8b7d4c1f0a2b3c4d5e6f708192a3b4c5"));
    }

    @Test
    void versionIsValidSemVer() {
        assertThat(ChartVersion.isSemVer(ChartVersion.of(SHA))).isTrue();
        assertThat(ChartVersion.isSemVer(ChartVersion.of("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"))).isTrue();
        assertThat(ChartVersion.isSemVer(ChartVersion.of("1234567890123456789012345678901234567890"))).isTrue();
    }

    @Test
    void shortShaOfOnlyDigitsWithLeadingZeroIsPrefixedToStayValidSemVer() {
        String version = ChartVersion.of("0123456789011234567890123456789012345678");

        assertThat(version).isEqualTo("0.0.0-g012345678901");
        assertThat(ChartVersion.isSemVer(version)).isTrue();
        assertThat(ChartVersion.isSemVer("0.0.0-012345678901")).isFalse();
    }

    @Test
    void upperCaseShaGivesTheSameVersionAsLowerCase() {
        assertThat(ChartVersion.of(SHA.toUpperCase())).isEqualTo(ChartVersion.of(SHA));
    }

    @Test
    void rejectsWhatIsNotACommitSha() {
        assertThatThrownBy(() -> ChartVersion.of("main")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a commit sha");
        assertThatThrownBy(() -> ChartVersion.of("3f6c2a9")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChartVersion.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void semVerCheckRejectsTagsThatAreNotVersions() {
        assertThat(ChartVersion.isSemVer("1.2")).isFalse();
        assertThat(ChartVersion.isSemVer("v1.2.3")).isFalse();
        assertThat(ChartVersion.isSemVer("1.2.3-rc.1+build.5")).isTrue();
    }
}

package dev.slipway.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimesTest {

    @Test
    void durationsReadAsPeopleSayThem() {
        assertThat(Times.duration(null)).isNull();
        assertThat(Times.duration(850L)).isEqualTo("850ms");
        assertThat(Times.duration(4_210L)).isEqualTo("4.2s");
        assertThat(Times.duration(4_000L)).isEqualTo("4s");
        assertThat(Times.duration(9_960L)).isEqualTo("10s");
        assertThat(Times.duration(42_400L)).isEqualTo("42s");
        assertThat(Times.duration(185_000L)).isEqualTo("3m05s");
        assertThat(Times.duration(3_720_000L)).isEqualTo("1h02m");
    }

    @Test
    void agesReadLikeKubectl() {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");

        assertThat(Times.age(null, now)).isNull();
        assertThat(Times.age(now.minusSeconds(12), now)).isEqualTo("12s");
        assertThat(Times.age(now.plusSeconds(5), now)).as("a clock running behind").isEqualTo("0s");
        assertThat(Times.age(now.minusSeconds(300), now)).isEqualTo("5m");
        assertThat(Times.age(now.minusSeconds(3 * 3600), now)).isEqualTo("3h");
        assertThat(Times.age(now.minusSeconds(3 * 86_400), now)).isEqualTo("3d");
    }
}

package dev.slipway.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void takesTheNearestRank() {
        Percentiles p = new Percentiles(IntStream.rangeClosed(1, 100).boxed().toList());

        assertThat(p.median()).isEqualTo(50.0);
        assertThat(p.at(95)).isEqualTo(95.0);
        assertThat(p.at(99)).isEqualTo(99.0);
        assertThat(p.max()).isEqualTo(100.0);
    }

    @Test
    void ordersUnsortedMeasurements() {
        Percentiles p = new Percentiles(List.of(9.0, 1.0, 5.0));

        assertThat(p.median()).isEqualTo(5.0);
        assertThat(p.at(99)).isEqualTo(9.0);
    }

    @Test
    void refusesAnEmptySet() {
        assertThatThrownBy(() -> new Percentiles(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}

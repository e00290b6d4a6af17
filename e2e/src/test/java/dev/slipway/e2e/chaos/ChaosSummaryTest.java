package dev.slipway.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChaosSummaryTest {

    @Test
    void countsWhatHappenedAndEachProblemInItsColumn() {
        ChaosSummary summary = new ChaosSummary();
        summary.runs(12);
        summary.killed();
        summary.killed();
        summary.restarted();
        summary.stuck("run r7 has no outcome");
        summary.leak("log gateway-service.log");
        summary.leak("record slipway.deployed-0@4");

        assertThat(summary.kills()).isEqualTo(2);
        assertThat(summary.restarts()).isEqualTo(1);
        assertThat(summary.problems()).isEqualTo(3);
        assertThat(summary.table()).contains(
                "|   runs |  kills | restarts |   lost | duplicated |  stuck |  leaks |",
                "|     12 |      2 |        1 |      0 |          0 |      1 |      2 |",
                "stuck: run r7 has no outcome\n",
                "leaks: log gateway-service.log\n",
                "leaks: record slipway.deployed-0@4\n");
    }

    @Test
    void aQuietRunHasNoProblems() {
        ChaosSummary summary = new ChaosSummary();
        summary.runs(3);

        assertThat(summary.problems()).isZero();
        assertThat(summary.table()).doesNotContain("lost:", "duplicated:", "stuck:", "leaks:");
    }
}

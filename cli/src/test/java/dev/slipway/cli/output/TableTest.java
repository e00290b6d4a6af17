package dev.slipway.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void padsColumnsToTheWidestCellAndLeavesTheLastOneUnpadded() {
        Table table = Table.of("RUN", "STATUS", "COMMIT").row("r-1", "SUCCEEDED", "main@3f6c2a9e8b7d")
                .row("run-22", "FAILED", "x");

        assertThat(table.lines()).containsExactly(
                "RUN     STATUS     COMMIT",
                "r-1     SUCCEEDED  main@3f6c2a9e8b7d",
                "run-22  FAILED     x");
    }

    @Test
    void printsADashForAnEmptyCellAndKeepsACellOnOneLine() {
        Table table = Table.of("A", "B", "C").row(null, " ", "two\nlines");

        assertThat(table.lines()).containsExactly("A  B  C", "-  -  two lines");
    }

    @Test
    void refusesARowWithTheWrongNumberOfCells() {
        assertThatThrownBy(() -> Table.of("A", "B").row("only one")).isInstanceOf(IllegalArgumentException.class);
    }
}

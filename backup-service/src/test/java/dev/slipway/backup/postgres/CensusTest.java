package dev.slipway.backup.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CensusTest {

    private final Census source = new Census(Map.of("public.a", 10L, "public.b", 0L, "s.c", 5L));

    @Test
    void anIdenticalCopyHasNoDifferences() {
        assertThat(source.differences(new Census(Map.of("s.c", 5L, "public.b", 0L, "public.a", 10L)))).isEmpty();
        assertThat(source.tables()).isEqualTo(3);
        assertThat(source.totalRows()).isEqualTo(15);
    }

    @Test
    void namesEveryMissingExtraAndMiscountedTable() {
        Census restored = new Census(Map.of("public.a", 9L, "s.c", 5L, "public.new", 1L));

        assertThat(source.differences(restored)).containsExactly(
                "table public.a has 9 rows in the restored copy, 10 in the source",
                "table public.b is missing from the restored copy",
                "table public.new is in the restored copy but was not in the source");
    }
}

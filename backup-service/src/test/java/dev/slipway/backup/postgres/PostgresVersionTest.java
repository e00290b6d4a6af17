package dev.slipway.backup.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresVersionTest {

    @Test
    void readsTheClientVersionLine() {
        PostgresVersion version = PostgresVersion.ofClient("pg_dump (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)\n");

        assertThat(version.major()).isEqualTo(15);
        assertThat(version.text()).isEqualTo("15.14");
    }

    @Test
    void readsServerVersionNumbersOfNewAndOldSchemes() {
        assertThat(PostgresVersion.ofServer(150014, "15.14 (Debian 15.14-0+deb12u1)"))
                .isEqualTo(new PostgresVersion(15, "15.14"));
        assertThat(PostgresVersion.ofServer(90624, "9.6.24").major()).isEqualTo(9);
    }

    @Test
    void aClientDumpsItsOwnAndOlderServersButNotNewerOnes() {
        PostgresVersion client = new PostgresVersion(15, "15.14");

        assertThat(client.canDump(new PostgresVersion(15, "15.2"))).isTrue();
        assertThat(client.canDump(new PostgresVersion(13, "13.9"))).isTrue();
        assertThat(client.canDump(new PostgresVersion(16, "16.1"))).isFalse();
    }

    @Test
    void rejectsOutputThatIsNotAVersion() {
        assertThatThrownBy(() -> PostgresVersion.ofClient("bash: pg_dump: command not found"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.slipway.backup.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.slipway.backup.BackupException.Problem;
import dev.slipway.backup.support.SampleDatabase;
import dev.slipway.contracts.SecretValue;

class PostgresToolsTest {

    private final PostgresTools tools = new PostgresTools(SampleDatabase.binDir(), Duration.ofSeconds(5));
    private final DatabaseTarget target = new DatabaseTarget("db.example", 6543, "shop", "shop_owner",
            SecretValue.of("s3cr3t-pass"));

    @Test
    void pgDumpGetsItsPasswordOnlyThroughItsEnvironment() throws Exception {
        ProcessBuilder builder = tools.pgDump(target, "00000003-0000001B-1");

        assertThat(String.join(" ", builder.command())).doesNotContain("s3cr3t-pass").doesNotContain("shop_owner")
                .contains("--format=custom", "--no-password", "--snapshot=00000003-0000001B-1");
        assertThat(builder.environment()).containsEntry("PGPASSWORD", "s3cr3t-pass")
                .containsEntry("PGHOST", "db.example").containsEntry("PGPORT", "6543")
                .containsEntry("PGUSER", "shop_owner").containsEntry("PGDATABASE", "shop");
    }

    @Test
    void pgRestoreGetsItsPasswordOnlyThroughItsEnvironment() throws Exception {
        ProcessBuilder builder = tools.pgRestore(target.withDatabase("slipway_drill_1"));

        assertThat(String.join(" ", builder.command())).doesNotContain("s3cr3t-pass")
                .contains("--dbname=slipway_drill_1", "--no-owner", "--exit-on-error");
        assertThat(builder.environment()).containsEntry("PGPASSWORD", "s3cr3t-pass");
    }

    @Test
    void readsTheVersionOfTheInstalledPgDump() throws Exception {
        assertThat(tools.clientVersion().major()).isGreaterThanOrEqualTo(15);
    }

    @Test
    void aTargetNeverPrintsItsPassword() {
        assertThat(target.toString()).doesNotContain("s3cr3t-pass");
        assertThat(target.describe()).isEqualTo("shop_owner@db.example:6543/shop");
    }

    @Test
    void tellsFailuresApartByWhatThePgProgramsSay() {
        assertThat(PostgresTools.classifyOutput(List.of(
                "pg_dump: error: connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  password authentication failed for user \"shop\""),
                Problem.DUMP_FAILED)).isEqualTo(Problem.AUTHENTICATION);
        assertThat(PostgresTools.classifyOutput(List.of(
                "pg_dump: error: connection to server at \"127.0.0.1\", port 1 failed: Connection refused"),
                Problem.DUMP_FAILED)).isEqualTo(Problem.DATABASE_UNREACHABLE);
        assertThat(PostgresTools.classifyOutput(List.of("pg_dump: error: aborting because of server version mismatch"),
                Problem.DUMP_FAILED)).isEqualTo(Problem.VERSION_MISMATCH);
        assertThat(PostgresTools.classifyOutput(List.of("pg_dump: error: out of memory"), Problem.DUMP_FAILED))
                .isEqualTo(Problem.DUMP_FAILED);
    }

    @Test
    void reportsTheErrorLineRatherThanTheQuotedQuery() {
        assertThat(PostgresTools.errorLine(List.of("pg_dump: error: query failed: ERROR:  permission denied",
                "pg_dump: detail: Query was: SELECT 1")))
                .isEqualTo(": pg_dump: error: query failed: ERROR:  permission denied");
    }
}

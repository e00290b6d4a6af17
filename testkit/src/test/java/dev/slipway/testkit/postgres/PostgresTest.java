package dev.slipway.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PostgresTest {

    @Test
    void roundTripsRowsThroughDatabaseOfTestResource() throws Exception {
        // Given a database handed out by the Quarkus test resource
        PostgresTestResource resource = new PostgresTestResource();
        resource.init(Map.of(PostgresTestResource.DATABASE, "roundtrip"));
        Map<String, String> config = resource.start();
        assertThat(config).containsEntry("quarkus.datasource.devservices.enabled", "false")
                .containsEntry("quarkus.datasource.jdbc.url", Postgres.shared().jdbcUrl("roundtrip"));

        try (Connection connection = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"))) {
            // When a table is created and filled
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TABLE runs (id text PRIMARY KEY, stage text NOT NULL)");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO runs VALUES (?, ?)")) {
                for (String[] row : new String[][]{{"run-1", "built"}, {"run-2", "deployed"}}) {
                    insert.setString(1, row[0]);
                    insert.setString(2, row[1]);
                    insert.executeUpdate();
                }
            }

            // Then the rows read back
            List<String> rows = new ArrayList<>();
            try (Statement query = connection.createStatement();
                    ResultSet result = query.executeQuery("SELECT id, stage FROM runs ORDER BY id")) {
                while (result.next()) {
                    rows.add(result.getString(1) + "=" + result.getString(2));
                }
            }
            assertThat(rows).containsExactly("run-1=built", "run-2=deployed");
        }
    }

    @Test
    void createDatabaseIsIdempotentAndClientProgramsMatchTheServer() throws Exception {
        Postgres postgres = Postgres.shared();

        String first = postgres.createDatabase("again");
        String second = postgres.createDatabase("again");

        assertThat(second).isEqualTo(first);
        assertThat(postgres.program("pg_dump")).isExecutable();
    }
}

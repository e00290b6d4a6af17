package dev.slipway.testkit.postgres;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest}'s default datasource at a database in the {@linkplain Postgres#shared() shared
 * cluster}, created if missing.
 *
 * <pre>
 * &#64;WithTestResource(value = PostgresTestResource.class, initArgs = &#64;ResourceArg(name = PostgresTestResource.DATABASE, value = "gateway"))
 * </pre>
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    /** Init arg: the database name; {@value #DEFAULT_DATABASE} unless given. */
    public static final String DATABASE = "database";
    public static final String DEFAULT_DATABASE = "slipway";

    private String database = DEFAULT_DATABASE;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault(DATABASE, DEFAULT_DATABASE).trim();
    }

    @Override
    public Map<String, String> start() {
        Postgres postgres = Postgres.shared();
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.createDatabase(database),
                "quarkus.datasource.username", postgres.username(),
                "quarkus.datasource.password", postgres.password(),
                "quarkus.datasource.devservices.enabled", "false");
    }

    /** The shared cluster outlives each application; it stops when the JVM exits. */
    @Override
    public void stop() {
    }
}

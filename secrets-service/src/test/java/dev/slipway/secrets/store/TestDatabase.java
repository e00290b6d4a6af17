package dev.slipway.secrets.store;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import dev.slipway.testkit.postgres.Postgres;

/** A database of the shared test cluster with the {@code secrets} schema migrated, as the service's Flyway does. */
public final class TestDatabase {

    public static DataSource migrated(String name) {
        Postgres postgres = Postgres.shared();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.createDatabase(name));
        dataSource.setUser(postgres.username());
        dataSource.setPassword(postgres.password());
        Flyway.configure().dataSource(dataSource).schemas("secrets").createSchemas(true)
                .locations("classpath:db/migration").load().migrate();
        return dataSource;
    }

    private TestDatabase() {
    }
}

package dev.slipway.gateway.repository;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.slipway.gateway.crypto.SecretBox;
import dev.slipway.gateway.support.Database;
import dev.slipway.gateway.support.Sql;
import dev.slipway.gateway.webhook.Provider;
import dev.slipway.gateway.webhook.RepositoryDirectory;

/** The {@code gateway.repositories} table. Secrets go in sealed and come out opened only for signature checks. */
public final class RepositoryStore implements RepositoryDirectory {

    private static final String COLUMNS = "id, app, provider, full_name, clone_url, default_branch, branches, "
            + "secret_ciphertext, created_at";

    /** The application or the provider and full name is taken. */
    public static final class AlreadyRegisteredException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        AlreadyRegisteredException(String message) {
            super(message);
        }
    }

    private final Database database;
    private final SecretBox box;
    private final Clock clock;

    public RepositoryStore(Database database, SecretBox box, Clock clock) {
        this.database = database;
        this.box = box;
        this.clock = clock;
    }

    /**
     * @throws AlreadyRegisteredException when the app name or the repository is registered already
     */
    public RegisteredRepository register(Registration registration) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        try {
            database.read(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO gateway.repositories (id, "
                        + "app, provider, full_name, clone_url, default_branch, branches, secret_ciphertext, "
                        + "secret_key_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setObject(1, id);
                    insert.setString(2, registration.app());
                    insert.setString(3, registration.provider().id());
                    insert.setString(4, registration.fullName());
                    insert.setString(5, registration.cloneUrl());
                    insert.setString(6, registration.defaultBranch());
                    insert.setArray(7, connection.createArrayOf("text", registration.branches().toArray()));
                    insert.setBytes(8, box.encrypt(registration.webhookSecret(), id.toString()));
                    insert.setString(9, box.keyId());
                    Sql.setInstant(insert, 10, now);
                    return insert.executeUpdate();
                }
            });
        } catch (Database.DatabaseException e) {
            if ("23505".equals(e.sqlState())) { // unique_violation
                throw new AlreadyRegisteredException("the application " + registration.app() + " or the "
                        + registration.provider().id() + " repository " + registration.fullName()
                        + " is registered already");
            }
            throw e;
        }
        return new RegisteredRepository(id.toString(), registration.app(), registration.provider(),
                registration.fullName(), registration.cloneUrl(), registration.defaultBranch(),
                registration.branches(), registration.webhookSecret(), now);
    }

    @Override
    public Optional<RegisteredRepository> find(Provider provider, String fullName) {
        return one("provider = ? AND lower(full_name) = lower(?)", provider.id(), fullName);
    }

    public Optional<RegisteredRepository> byApp(String app) {
        return one("app = ?", app);
    }

    public List<RegisteredRepository> list() {
        return database.read(connection -> {
            try (PreparedStatement select = connection
                    .prepareStatement("SELECT " + COLUMNS + " FROM gateway.repositories ORDER BY app")) {
                return rows(select);
            }
        });
    }

    /** @return whether it was registered */
    public boolean delete(String app) {
        return database.read(connection -> {
            try (PreparedStatement delete = connection
                    .prepareStatement("DELETE FROM gateway.repositories WHERE app = ?")) {
                delete.setString(1, app);
                return delete.executeUpdate() == 1;
            }
        });
    }

    private Optional<RegisteredRepository> one(String where, String... parameters) {
        return database.read(connection -> {
            try (PreparedStatement select = connection
                    .prepareStatement("SELECT " + COLUMNS + " FROM gateway.repositories WHERE " + where)) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setString(i + 1, parameters[i]);
                }
                return rows(select).stream().findFirst();
            }
        });
    }

    private List<RegisteredRepository> rows(PreparedStatement select) throws SQLException {
        List<RegisteredRepository> found = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String id = rows.getString("id");
                Array branches = rows.getArray("branches");
                found.add(new RegisteredRepository(id, rows.getString("app"),
                        Provider.byId(rows.getString("provider")).orElseThrow(), rows.getString("full_name"),
                        rows.getString("clone_url"), rows.getString("default_branch"),
                        Arrays.asList((String[]) branches.getArray()),
                        box.decrypt(rows.getBytes("secret_ciphertext"), id),
                        Sql.getInstant(rows, "created_at")));
            }
        }
        return found;
    }
}

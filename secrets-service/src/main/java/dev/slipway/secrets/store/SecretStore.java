package dev.slipway.secrets.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import dev.slipway.contracts.SecretValue;
import dev.slipway.secrets.crypto.Alphabet;
import dev.slipway.secrets.crypto.Binding;
import dev.slipway.secrets.crypto.Ciphertext;
import dev.slipway.secrets.crypto.CryptoException;
import dev.slipway.secrets.crypto.DataKey;
import dev.slipway.secrets.crypto.Envelope;
import dev.slipway.secrets.crypto.SecretGenerator;
import dev.slipway.secrets.crypto.WrappedKey;

/**
 * Application secrets in PostgreSQL, schema {@code secrets}: ciphertext only. Every write of an application's
 * environment locks its data key row, so versions never collide, and records its audit line in the same transaction.
 */
public final class SecretStore {

    /** The actor of the service's own work (scheduled rotation, sync). */
    public static final String SERVICE_ACTOR = "slipway";

    private final DataSource dataSource;
    private final Envelope envelope;
    private final SecretGenerator generator;
    private final Clock clock;

    public SecretStore(DataSource dataSource, Envelope envelope, SecretGenerator generator, Clock clock) {
        this.dataSource = dataSource;
        this.envelope = envelope;
        this.generator = generator;
        this.clock = clock;
    }

    /** Sets a value given through the API. */
    public KeyInfo set(SecretRef ref, SecretValue value, String actor) {
        return write(ref, actor, AuditAction.SET, current -> new NewValue(value, Source.SET, null, null));
    }

    /** Sets a value unsealed from a team's sealed value. */
    public KeyInfo setSealed(SecretRef ref, SecretValue value, String actor) {
        return write(ref, actor, AuditAction.SET_SEALED, current -> new NewValue(value, Source.SEALED, null, null));
    }

    /** Generates a value by {@code recipe}, to be rotated every {@code rotateEvery} (or only on request when null). */
    public KeyInfo generate(SecretRef ref, SecretGenerator.Recipe recipe, Duration rotateEvery, String actor) {
        return write(ref, actor, AuditAction.GENERATED,
                current -> new NewValue(generator.generate(recipe), Source.GENERATED, recipe, rotateEvery));
    }

    /**
     * Replaces a generated value with a new one made the same way.
     *
     * @throws SecretNotFoundException when there is no such secret
     * @throws NotRotatableException when the value was set or sealed rather than generated
     */
    public KeyInfo rotate(SecretRef ref, String actor) {
        return write(ref, actor, AuditAction.ROTATED, current -> {
            if (current == null || current.deleted()) {
                throw new SecretNotFoundException(ref);
            }
            if (current.info().source() != Source.GENERATED) {
                throw new NotRotatableException(ref, current.info().source());
            }
            SecretGenerator.Recipe recipe = new SecretGenerator.Recipe(current.info().length(),
                    current.info().alphabet());
            return new NewValue(generator.generate(recipe), Source.GENERATED, recipe, current.info().rotateEvery());
        });
    }

    /**
     * Rotates a generated secret if its rotation period has passed at {@code now}, checked under the row lock, so two
     * instances finding it due rotate it once.
     *
     * @return the new version, or empty when it is no longer due (or gone)
     */
    public Optional<KeyInfo> rotateIfDue(SecretRef ref, Instant now, String actor) {
        try {
            return Optional.of(write(ref, actor, AuditAction.ROTATED, current -> {
                if (current == null || current.deleted() || current.info().source() != Source.GENERATED
                        || current.info().rotateEvery() == null
                        || current.info().updatedAt().plus(current.info().rotateEvery()).isAfter(now)) {
                    throw new NotDue();
                }
                SecretGenerator.Recipe recipe = new SecretGenerator.Recipe(current.info().length(),
                        current.info().alphabet());
                return new NewValue(generator.generate(recipe), Source.GENERATED, recipe,
                        current.info().rotateEvery());
            }));
        } catch (NotDue e) {
            return Optional.empty();
        }
    }

    private static final class NotDue extends RuntimeException {
        NotDue() {
            super(null, null, false, false);
        }
    }

    /**
     * Deletes a secret; its version sequence is kept so that setting it again moves on.
     *
     * @return the deleted secret's last version
     * @throws SecretNotFoundException when there is no such secret
     */
    public int delete(SecretRef ref, String actor) {
        return Jdbc.inTransaction(dataSource, "deleting " + ref, connection -> {
            lockDataKey(connection, ref.app(), ref.environment());
            Current current = current(connection, ref);
            if (current == null || current.deleted()) {
                throw new SecretNotFoundException(ref);
            }
            Instant now = clock.instant();
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE secrets.secret_values SET nonce = NULL, ciphertext = NULL, deleted = true,
                        updated_at = ?, updated_by = ?
                    WHERE app = ? AND environment = ? AND key = ?""")) {
                update.setObject(1, Jdbc.timestamp(now));
                update.setString(2, actor);
                update.setString(3, ref.app());
                update.setString(4, ref.environment());
                update.setString(5, ref.key());
                update.executeUpdate();
            }
            int version = current.info().version();
            AuditLog.record(connection, new AuditEntry(now, actor, AuditAction.DELETED, ref.app(), ref.environment(),
                    ref.key(), version, null));
            return version;
        });
    }

    /** The keys of an application's environment with their versions, never their values. */
    public List<KeyInfo> list(String app, String environment) {
        return Jdbc.read(dataSource, "listing " + app + "/" + environment, connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT_INFO
                    + " WHERE app = ? AND environment = ? AND NOT deleted ORDER BY key")) {
                select.setString(1, app);
                select.setString(2, environment);
                List<KeyInfo> keys = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        keys.add(info(rows));
                    }
                }
                return keys;
            }
        });
    }

    /** The environments of {@code app} that have secrets (or had, and were deleted). */
    public List<String> environments(String app) {
        return Jdbc.read(dataSource, "listing the environments of " + app, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT environment FROM secrets.data_keys WHERE app = ? ORDER BY environment")) {
                select.setString(1, app);
                List<String> environments = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        environments.add(rows.getString(1));
                    }
                }
                return environments;
            }
        });
    }

    /**
     * Decrypts the current values of an application's environment.
     *
     * @throws dev.slipway.secrets.crypto.CryptoException when a ciphertext does not open (a wrong or missing
     *         key-encryption key, a tampered or moved row); nothing partial is returned
     */
    public Snapshot snapshot(String app, String environment) {
        return Jdbc.read(dataSource, "reading " + app + "/" + environment, connection -> {
            WrappedKey wrapped = dataKey(connection, app, environment, false);
            if (wrapped == null) {
                return new Snapshot(app, environment, List.of());
            }
            List<Snapshot.Entry> entries = new ArrayList<>();
            try (DataKey dataKey = envelope.unwrap(wrapped, app, environment);
                    PreparedStatement select = connection.prepareStatement("""
                            SELECT key, version, nonce, ciphertext FROM secrets.secret_values
                            WHERE app = ? AND environment = ? AND NOT deleted ORDER BY key""")) {
                select.setString(1, app);
                select.setString(2, environment);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Binding binding = new Binding(app, environment, rows.getString(1), rows.getInt(2));
                        SecretValue value = envelope.decrypt(dataKey, binding,
                                new Ciphertext(rows.getBytes(3), rows.getBytes(4)));
                        entries.add(new Snapshot.Entry(binding.key(), binding.version(), value));
                    }
                }
            } catch (RuntimeException e) {
                entries.forEach(entry -> entry.value().destroy());
                throw e;
            }
            return new Snapshot(app, environment, entries);
        });
    }

    /** The generated secrets whose rotation period has passed at {@code now}. */
    public List<SecretRef> dueForRotation(Instant now) {
        return Jdbc.read(dataSource, "finding secrets due for rotation", connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT app, environment, key FROM secrets.secret_values
                    WHERE NOT deleted AND source = 'generated' AND rotate_every_seconds IS NOT NULL
                      AND updated_at + make_interval(secs => rotate_every_seconds) <= ?
                    ORDER BY updated_at""")) {
                select.setObject(1, Jdbc.timestamp(now));
                List<SecretRef> due = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        due.add(new SecretRef(rows.getString(1), rows.getString(2), rows.getString(3)));
                    }
                }
                return due;
            }
        });
    }

    /**
     * What a rewrap did.
     *
     * @param rewrapped the {@code app/environment} data keys now wrapped by the active key-encryption key
     * @param failed those that could not be opened, each with the reason (a missing or wrong key-encryption key)
     */
    public record RewrapReport(List<String> rewrapped, List<String> failed) {
    }

    /**
     * Rewraps every data key wrapped by a key-encryption key other than the active one. Value ciphertexts are not
     * touched. A data key that does not open is reported and left as it is; the others are still rewrapped.
     */
    public RewrapReport rewrapDataKeys(String actor) {
        List<String[]> stale = Jdbc.read(dataSource, "finding data keys to rewrap", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT app, environment FROM secrets.data_keys WHERE kek_id <> ? ORDER BY app, environment")) {
                select.setString(1, envelope.keyring().active().id());
                List<String[]> found = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(new String[]{rows.getString(1), rows.getString(2)});
                    }
                }
                return found;
            }
        });
        List<String> rewrapped = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (String[] target : stale) {
            String app = target[0];
            String environment = target[1];
            boolean changed;
            try {
                changed = Jdbc.inTransaction(dataSource, "rewrapping the data key of " + app + "/" + environment,
                        connection -> {
                            WrappedKey wrapped = dataKey(connection, app, environment, true);
                            if (!envelope.needsRewrap(wrapped)) {
                                return false;
                            }
                            WrappedKey fresh = envelope.rewrap(wrapped, app, environment);
                            Instant now = clock.instant();
                            try (PreparedStatement update = connection.prepareStatement("""
                                    UPDATE secrets.data_keys SET kek_id = ?, nonce = ?, wrapped = ?, rewrapped_at = ?
                                    WHERE app = ? AND environment = ?""")) {
                                update.setString(1, fresh.kekId());
                                update.setBytes(2, fresh.ciphertext().nonce());
                                update.setBytes(3, fresh.ciphertext().bytes());
                                update.setObject(4, Jdbc.timestamp(now));
                                update.setString(5, app);
                                update.setString(6, environment);
                                update.executeUpdate();
                            }
                            AuditLog.record(connection, new AuditEntry(now, actor, AuditAction.KEK_REWRAPPED, app,
                                    environment, null, null,
                                    "data key from " + wrapped.kekId() + " to " + fresh.kekId()));
                            return true;
                        });
            } catch (CryptoException e) {
                failed.add(app + "/" + environment + ": " + e.getMessage());
                continue;
            }
            if (changed) {
                rewrapped.add(app + "/" + environment);
            }
        }
        return new RewrapReport(List.copyOf(rewrapped), List.copyOf(failed));
    }

    private record NewValue(SecretValue value, Source source, SecretGenerator.Recipe recipe, Duration rotateEvery) {
    }

    private record Current(KeyInfo info, boolean deleted) {
    }

    @FunctionalInterface
    private interface ValueMaker {
        NewValue make(Current current);
    }

    private KeyInfo write(SecretRef ref, String actor, AuditAction action, ValueMaker maker) {
        return Jdbc.inTransaction(dataSource, "writing " + ref, connection -> {
            WrappedKey wrapped = lockDataKey(connection, ref.app(), ref.environment());
            Current current = current(connection, ref);
            NewValue next = maker.make(current);
            int version = current == null ? 1 : current.info().version() + 1;
            Instant now = clock.instant();
            Ciphertext ciphertext;
            try (DataKey dataKey = envelope.unwrap(wrapped, ref.app(), ref.environment())) {
                ciphertext = envelope.encrypt(dataKey,
                        new Binding(ref.app(), ref.environment(), ref.key(), version), next.value());
            } finally {
                if (next.source() == Source.GENERATED) {
                    next.value().destroy();
                }
            }
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO secrets.secret_values (app, environment, key, version, nonce, ciphertext, deleted,
                        source, gen_length, gen_alphabet, rotate_every_seconds, updated_at, updated_by)
                    VALUES (?, ?, ?, ?, ?, ?, false, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (app, environment, key) DO UPDATE SET version = excluded.version,
                        nonce = excluded.nonce, ciphertext = excluded.ciphertext, deleted = false,
                        source = excluded.source, gen_length = excluded.gen_length,
                        gen_alphabet = excluded.gen_alphabet, rotate_every_seconds = excluded.rotate_every_seconds,
                        updated_at = excluded.updated_at, updated_by = excluded.updated_by""")) {
                upsert.setString(1, ref.app());
                upsert.setString(2, ref.environment());
                upsert.setString(3, ref.key());
                upsert.setInt(4, version);
                upsert.setBytes(5, ciphertext.nonce());
                upsert.setBytes(6, ciphertext.bytes());
                upsert.setString(7, next.source().lowerName());
                if (next.recipe() == null) {
                    upsert.setNull(8, Types.INTEGER);
                    upsert.setNull(9, Types.VARCHAR);
                } else {
                    upsert.setInt(8, next.recipe().length());
                    upsert.setString(9, next.recipe().alphabet().lowerName());
                }
                if (next.rotateEvery() == null) {
                    upsert.setNull(10, Types.BIGINT);
                } else {
                    upsert.setLong(10, next.rotateEvery().toSeconds());
                }
                upsert.setObject(11, Jdbc.timestamp(now));
                upsert.setString(12, actor);
                upsert.executeUpdate();
            }
            String detail = next.recipe() == null
                    ? null
                    : "length " + next.recipe().length() + ", " + next.recipe().alphabet().lowerName();
            AuditLog.record(connection, new AuditEntry(now, actor, action, ref.app(), ref.environment(), ref.key(),
                    version, detail));
            return new KeyInfo(ref.key(), version, next.source(), now, actor,
                    next.recipe() == null ? null : next.recipe().length(),
                    next.recipe() == null ? null : next.recipe().alphabet(), next.rotateEvery());
        });
    }

    /** The environment's data key, created on first use, with its row locked until the transaction ends. */
    private WrappedKey lockDataKey(Connection connection, String app, String environment) throws SQLException {
        WrappedKey existing = dataKey(connection, app, environment, true);
        if (existing != null) {
            return existing;
        }
        WrappedKey fresh;
        try (DataKey dataKey = envelope.newDataKey()) {
            fresh = envelope.wrap(dataKey, app, environment);
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO secrets.data_keys (app, environment, kek_id, nonce, wrapped, created_at)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (app, environment) DO NOTHING""")) {
            insert.setString(1, app);
            insert.setString(2, environment);
            insert.setString(3, fresh.kekId());
            insert.setBytes(4, fresh.ciphertext().nonce());
            insert.setBytes(5, fresh.ciphertext().bytes());
            insert.setObject(6, Jdbc.timestamp(clock.instant()));
            insert.executeUpdate();
        }
        // Another writer may have won the insert: use whichever key is stored.
        return dataKey(connection, app, environment, true);
    }

    private static WrappedKey dataKey(Connection connection, String app, String environment, boolean lock)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT kek_id, nonce, wrapped FROM secrets.data_keys WHERE app = ? AND environment = ?"
                        + (lock ? " FOR UPDATE" : ""))) {
            select.setString(1, app);
            select.setString(2, environment);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next()
                        ? new WrappedKey(rows.getString(1), new Ciphertext(rows.getBytes(2),
                                rows.getBytes(3)))
                        : null;
            }
        }
    }

    private static final String SELECT_INFO = """
            SELECT key, version, source, updated_at, updated_by, gen_length, gen_alphabet, rotate_every_seconds,
                deleted FROM secrets.secret_values""";

    private static Current current(Connection connection, SecretRef ref) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_INFO
                + " WHERE app = ? AND environment = ? AND key = ? FOR UPDATE")) {
            select.setString(1, ref.app());
            select.setString(2, ref.environment());
            select.setString(3, ref.key());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? new Current(info(rows), rows.getBoolean(9)) : null;
            }
        }
    }

    private static KeyInfo info(ResultSet rows) throws SQLException {
        String alphabet = rows.getString(7);
        Object every = rows.getObject(8);
        return new KeyInfo(rows.getString(1), rows.getInt(2), Source.valueOf(rows.getString(3).toUpperCase(
                java.util.Locale.ROOT)), rows.getObject(4, OffsetDateTime.class).toInstant(), rows.getString(5),
                (Integer) rows.getObject(6), alphabet == null ? null : Alphabet.named(alphabet),
                every == null ? null : Duration.ofSeconds(((Number) every).longValue()));
    }

    Optional<WrappedKey> storedDataKey(String app, String environment) {
        return Optional.ofNullable(Jdbc.read(dataSource, "reading a data key",
                connection -> dataKey(connection, app, environment, false)));
    }
}

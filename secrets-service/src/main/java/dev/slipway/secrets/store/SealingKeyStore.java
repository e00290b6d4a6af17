package dev.slipway.secrets.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.slipway.secrets.crypto.Ciphertext;
import dev.slipway.secrets.crypto.Envelope;
import dev.slipway.secrets.crypto.SealingKey;
import dev.slipway.secrets.crypto.WrappedKey;

/** The {@code secrets.sealing_keys} table: the active sealing key pair, its private key wrapped by the KEK. */
public final class SealingKeyStore {

    private final DataSource dataSource;
    private final Envelope envelope;
    private final Clock clock;

    public SealingKeyStore(DataSource dataSource, Envelope envelope, Clock clock) {
        this.dataSource = dataSource;
        this.envelope = envelope;
        this.clock = clock;
    }

    /** The active sealing key, opened with the key-encryption key that wrapped it. */
    public Optional<SealingKey> active() {
        return Jdbc.read(dataSource, "reading the sealing key", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT public_pem, kek_id, nonce, wrapped FROM secrets.sealing_keys WHERE active");
                    ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(SealingKey.open(rows.getString(1), new WrappedKey(rows.getString(2),
                        new Ciphertext(rows.getBytes(3), rows.getBytes(4))), envelope));
            }
        });
    }

    /**
     * The active sealing key; when there is none, stores the one {@code create} makes. Two instances starting together
     * agree on one key: the table allows a single active row.
     */
    public SealingKey activeOrCreate(Supplier<SealingKey> create) {
        Optional<SealingKey> existing = active();
        if (existing.isPresent()) {
            return existing.get();
        }
        SealingKey key = create.get();
        WrappedKey wrapped = key.wrapPrivate(envelope);
        Jdbc.inTransaction(dataSource, "storing the sealing key", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO secrets.sealing_keys (id, public_pem, kek_id, nonce, wrapped, active, created_at)
                    VALUES (?, ?, ?, ?, ?, true, ?) ON CONFLICT DO NOTHING""")) {
                insert.setString(1, key.id());
                insert.setString(2, key.publicPem());
                insert.setString(3, wrapped.kekId());
                insert.setBytes(4, wrapped.ciphertext().nonce());
                insert.setBytes(5, wrapped.ciphertext().bytes());
                insert.setObject(6, Jdbc.timestamp(clock.instant()));
                return insert.executeUpdate();
            }
        });
        return active().orElseThrow(() -> new IllegalStateException("the sealing key was not stored"));
    }

    /**
     * Rewraps every sealing private key wrapped by a key-encryption key other than the active one.
     *
     * @return how many were rewrapped
     */
    public int rewrap(String actor) {
        return Jdbc.inTransaction(dataSource, "rewrapping the sealing keys", connection -> {
            int rewrapped = 0;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, public_pem, kek_id, nonce, wrapped FROM secrets.sealing_keys WHERE kek_id <> ?"
                            + " FOR UPDATE")) {
                select.setString(1, envelope.keyring().active().id());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        SealingKey key = SealingKey.open(rows.getString(2), new WrappedKey(rows.getString(3),
                                new Ciphertext(rows.getBytes(4), rows.getBytes(5))), envelope);
                        WrappedKey fresh = key.wrapPrivate(envelope);
                        try (PreparedStatement update = connection.prepareStatement(
                                "UPDATE secrets.sealing_keys SET kek_id = ?, nonce = ?, wrapped = ? WHERE id = ?")) {
                            update.setString(1, fresh.kekId());
                            update.setBytes(2, fresh.ciphertext().nonce());
                            update.setBytes(3, fresh.ciphertext().bytes());
                            update.setString(4, rows.getString(1));
                            update.executeUpdate();
                        }
                        Instant now = clock.instant();
                        AuditLog.record(connection, new AuditEntry(now, actor, AuditAction.KEK_REWRAPPED, "-", null,
                                null, null, "sealing key " + key.id() + " from " + rows.getString(3) + " to "
                                        + fresh.kekId()));
                        rewrapped++;
                    }
                }
            }
            return rewrapped;
        });
    }
}

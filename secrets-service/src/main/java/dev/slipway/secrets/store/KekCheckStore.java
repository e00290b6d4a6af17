package dev.slipway.secrets.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.slipway.secrets.crypto.Ciphertext;
import dev.slipway.secrets.crypto.CryptoException;
import dev.slipway.secrets.crypto.Envelope;
import dev.slipway.secrets.crypto.Kek;

/**
 * Proves at start-up that each held key-encryption key is the one the stored data was wrapped with, and that every
 * key the stored data needs is held.
 */
public final class KekCheckStore {

    private final DataSource dataSource;
    private final Envelope envelope;
    private final Clock clock;

    public KekCheckStore(DataSource dataSource, Envelope envelope, Clock clock) {
        this.dataSource = dataSource;
        this.envelope = envelope;
        this.clock = clock;
    }

    /**
     * Verifies each held key against its stored check value (storing one for a new key) and that every key id the
     * data keys and sealing keys name is held.
     *
     * @throws CryptoException naming the key id that is wrong or missing
     */
    public void verify() {
        for (String id : envelope.keyring().ids()) {
            Kek kek = envelope.keyring().require(id);
            Ciphertext stored = Jdbc.read(dataSource, "reading key checks", connection -> {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT nonce, check_ct FROM secrets.kek_checks WHERE kek_id = ?")) {
                    select.setString(1, id);
                    try (ResultSet rows = select.executeQuery()) {
                        return rows.next() ? new Ciphertext(rows.getBytes(1), rows.getBytes(2)) : null;
                    }
                }
            });
            if (stored == null) {
                Ciphertext check = envelope.kekCheck(kek);
                Jdbc.inTransaction(dataSource, "storing a key check", connection -> {
                    try (PreparedStatement insert = connection.prepareStatement("""
                            INSERT INTO secrets.kek_checks (kek_id, nonce, check_ct, created_at) VALUES (?, ?, ?, ?)
                            ON CONFLICT (kek_id) DO NOTHING""")) {
                        insert.setString(1, id);
                        insert.setBytes(2, check.nonce());
                        insert.setBytes(3, check.bytes());
                        insert.setObject(4, Jdbc.timestamp(clock.instant()));
                        return insert.executeUpdate();
                    }
                });
            } else if (!envelope.kekMatches(kek, stored)) {
                throw new CryptoException("key-encryption key '" + id + "' is not the key this database was"
                        + " encrypted with under that id; check the keyring");
            }
        }
        List<String> needed = Jdbc.read(dataSource, "reading key ids in use", connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT kek_id FROM secrets.data_keys UNION SELECT kek_id FROM secrets.sealing_keys
                    ORDER BY 1""");
                    ResultSet rows = select.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
                return ids;
            }
        });
        List<String> missing = needed.stream().filter(id -> envelope.keyring().find(id).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new CryptoException("stored keys are wrapped by key-encryption keys not in the keyring: "
                    + String.join(", ", missing) + "; add them (and keep them until rewrapped)");
        }
    }
}

package dev.slipway.secrets.store;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Instant;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.slipway.contracts.SecretValue;
import dev.slipway.secrets.crypto.CryptoException;
import dev.slipway.secrets.crypto.Envelope;
import dev.slipway.secrets.crypto.Kek;
import dev.slipway.secrets.crypto.Keys;
import dev.slipway.secrets.crypto.SecretGenerator;

class KekCheckStoreTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));

    @Test
    void refusesAWrongKeyUnderARightIdAndAKeyringMissingAKeyInUse() {
        // A database of its own: key checks are per database.
        DataSource dataSource = TestDatabase.migrated("secrets_kekcheck_test");
        Kek k1 = Keys.kek("k1");
        Envelope envelope = new Envelope(Keys.keyring(k1));
        new KekCheckStore(dataSource, envelope, clock).verify();
        new SecretStore(dataSource, envelope, new SecretGenerator(new SecureRandom()), clock)
                .set(new SecretRef("shop", "staging", "K"), SecretValue.of("v"), "alice");

        // The same keyring passes again; a rotated keyring holding k1 too passes
        assertThatCode(() -> new KekCheckStore(dataSource, envelope, clock).verify()).doesNotThrowAnyException();
        assertThatCode(() -> new KekCheckStore(dataSource, new Envelope(Keys.keyring(Keys.kek("k2"), k1)), clock)
                .verify()).doesNotThrowAnyException();

        // Another key named k1 stops the start
        assertThatThrownBy(() -> new KekCheckStore(dataSource, new Envelope(Keys.keyring(Keys.kek("k1"))), clock)
                .verify()).isInstanceOf(CryptoException.class)
                .hasMessageContaining("'k1' is not the key this database was encrypted with");

        // A keyring without k1, which still wraps a data key, stops the start
        assertThatThrownBy(() -> new KekCheckStore(dataSource, new Envelope(Keys.keyring(Keys.kek("k3"))), clock)
                .verify()).isInstanceOf(CryptoException.class)
                .hasMessageContaining("not in the keyring: k1");
    }
}

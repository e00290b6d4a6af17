package dev.slipway.secrets.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.slipway.contracts.SecretValue;
import dev.slipway.secrets.crypto.Envelope;
import dev.slipway.secrets.crypto.Kek;
import dev.slipway.secrets.crypto.Keys;
import dev.slipway.secrets.crypto.SealingKey;
import dev.slipway.secrets.crypto.TestSealingKey;

class SealingKeyStoreTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));

    @Test
    void storesOneSealingKeyWrappedByTheKekAndKeepsItAcrossKekRotation() throws Exception {
        // A database of its own: the table holds one active key.
        DataSource dataSource = TestDatabase.migrated("secrets_sealing_test");
        Kek k1 = Keys.kek("k1");
        SealingKeyStore store = new SealingKeyStore(dataSource, new Envelope(Keys.keyring(k1)), clock);
        AtomicInteger created = new AtomicInteger();

        SealingKey first = store.activeOrCreate(() -> {
            created.incrementAndGet();
            return TestSealingKey.load();
        });
        SealingKey again = store.activeOrCreate(() -> {
            created.incrementAndGet();
            return TestSealingKey.load();
        });

        assertThat(created).hasValue(1);
        assertThat(again.id()).isEqualTo(first.id());
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT kek_id, public_pem FROM secrets.sealing_keys")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("k1");
            assertThat(rows.getString(2)).isEqualTo(first.publicPem()).doesNotContain("PRIVATE");
        }

        Kek k2 = Keys.kek("k2");
        SealingKeyStore rotated = new SealingKeyStore(dataSource, new Envelope(Keys.keyring(k2, k1)), clock);
        assertThat(rotated.rewrap("admin")).isEqualTo(1);
        SealingKey reopened = new SealingKeyStore(dataSource, new Envelope(Keys.keyring(k2)), clock).active()
                .orElseThrow();
        String sealed = SealingKey.seal(first.publicKey(), "shop", "staging", "K", SecretValue.of("v"),
                new SecureRandom());
        assertThat(reopened.unseal(sealed, "shop", "staging", "K").reveal()).isEqualTo("v");
    }
}

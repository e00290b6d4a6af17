package dev.slipway.secrets.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import dev.slipway.contracts.SecretValue;
import dev.slipway.secrets.crypto.Alphabet;
import dev.slipway.secrets.crypto.CryptoException;
import dev.slipway.secrets.crypto.Envelope;
import dev.slipway.secrets.crypto.Kek;
import dev.slipway.secrets.crypto.Keys;
import dev.slipway.secrets.crypto.SecretGenerator;

class SecretStoreTest {

    private static DataSource dataSource;

    private final Kek k1 = Keys.kek("k1");
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
    private final SecretStore store = store(new Envelope(Keys.keyring(k1)));
    private final String app = "app-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void database() {
        dataSource = TestDatabase.migrated("secrets_store_test");
    }

    @Test
    void versionsEachWriteAndListsKeysWithoutValues() {
        store.set(ref("DB_PASSWORD"), SecretValue.of("first"), "alice");
        KeyInfo second = store.set(ref("DB_PASSWORD"), SecretValue.of("second"), "bob");
        store.set(ref("API_TOKEN"), SecretValue.of("token"), "alice");

        assertThat(second.version()).isEqualTo(2);
        assertThat(store.list(app, "staging"))
                .extracting(KeyInfo::key, KeyInfo::version, KeyInfo::updatedBy, KeyInfo::source)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("API_TOKEN", 1, "alice", Source.SET),
                        org.assertj.core.groups.Tuple.tuple("DB_PASSWORD", 2, "bob", Source.SET));
        assertThat(store.snapshot(app, "staging").entries())
                .extracting(e -> e.key() + "=" + e.value().reveal() + "@" + e.version())
                .containsExactly("API_TOKEN=token@1", "DB_PASSWORD=second@2");
        assertThat(store.list(app, "production")).isEmpty();
    }

    @Test
    void rawRowsHoldNoPlaintextValue() throws SQLException {
        String canary = "canary-" + UUID.randomUUID();
        store.set(ref("CANARY"), SecretValue.of(canary), "alice");
        store.setSealed(ref("SEALED_CANARY"), SecretValue.of(canary + "-sealed"), "alice");

        String dump = dumpSchema();

        assertThat(dump).contains(app).contains("CANARY");
        assertThat(dump).doesNotContain(canary)
                .doesNotContain(HexFormat.of().formatHex(canary.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aCiphertextCopiedToAnotherKeyDoesNotDecrypt() throws SQLException {
        store.set(ref("DB_PASSWORD"), SecretValue.of("password-value"), "alice");
        store.set(ref("API_TOKEN"), SecretValue.of("token-value"), "alice");

        execute("""
                UPDATE secrets.secret_values t SET nonce = s.nonce, ciphertext = s.ciphertext
                FROM secrets.secret_values s
                WHERE t.app = '%1$s' AND t.key = 'API_TOKEN' AND s.app = '%1$s' AND s.key = 'DB_PASSWORD'"""
                .formatted(app));

        assertThatThrownBy(() -> store.snapshot(app, "staging"))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining(app + "/staging/API_TOKEN")
                .hasMessageContaining("does not authenticate")
                .hasMessageNotContaining("password-value");
    }

    @Test
    void aFlippedByteIsDetected() throws SQLException {
        store.set(ref("DB_PASSWORD"), SecretValue.of("password-value"), "alice");

        execute("UPDATE secrets.secret_values SET ciphertext = set_byte(ciphertext, 3, get_byte(ciphertext, 3) # 1)"
                + " WHERE app = '" + app + "'");

        assertThatThrownBy(() -> store.snapshot(app, "staging")).isInstanceOf(CryptoException.class);
    }

    @Test
    void aDeletedKeyDisappearsAndSettingItAgainContinuesItsVersions() {
        store.set(ref("DB_PASSWORD"), SecretValue.of("one"), "alice");
        store.set(ref("DB_PASSWORD"), SecretValue.of("two"), "alice");

        assertThat(store.delete(ref("DB_PASSWORD"), "bob")).isEqualTo(2);
        assertThat(store.list(app, "staging")).isEmpty();
        assertThat(store.snapshot(app, "staging").entries()).isEmpty();
        assertThatThrownBy(() -> store.delete(ref("DB_PASSWORD"), "bob")).isInstanceOf(SecretNotFoundException.class);

        assertThat(store.set(ref("DB_PASSWORD"), SecretValue.of("three"), "alice").version()).isEqualTo(3);
    }

    @Test
    void rotatesAGeneratedSecretTheSameWayAndRefusesOthers() {
        KeyInfo generated = store.generate(ref("SESSION_KEY"), new SecretGenerator.Recipe(40, Alphabet.HEX), null,
                "alice");
        String first = store.snapshot(app, "staging").entries().get(0).value().reveal();

        KeyInfo rotated = store.rotate(ref("SESSION_KEY"), "bob");
        String second = store.snapshot(app, "staging").entries().get(0).value().reveal();

        assertThat(generated.version()).isEqualTo(1);
        assertThat(rotated.version()).isEqualTo(2);
        assertThat(rotated.length()).isEqualTo(40);
        assertThat(rotated.alphabet()).isEqualTo(Alphabet.HEX);
        assertThat(second).hasSize(40).matches("[0-9a-f]+").isNotEqualTo(first);

        store.set(ref("DB_PASSWORD"), SecretValue.of("chosen"), "alice");
        assertThatThrownBy(() -> store.rotate(ref("DB_PASSWORD"), "bob")).isInstanceOf(NotRotatableException.class);
        assertThatThrownBy(() -> store.rotate(ref("MISSING"), "bob")).isInstanceOf(SecretNotFoundException.class);
        assertThat(store.list(app, "staging")).extracting(KeyInfo::key).containsExactly("DB_PASSWORD",
                "SESSION_KEY");
    }

    @Test
    void kekRotationRewrapsDataKeysWithoutTouchingValueCiphertexts() throws SQLException {
        // Given values in two environments, their data keys wrapped by k1
        store.set(ref("DB_PASSWORD"), SecretValue.of("staging-password"), "alice");
        store.set(new SecretRef(app, "production", "DB_PASSWORD"), SecretValue.of("production-password"), "alice");
        List<String> valueRows = rows("SELECT t::text FROM secrets.secret_values t WHERE app = '" + app
                + "' ORDER BY environment");

        // When k2 becomes active and the data keys are rewrapped
        Kek k2 = Keys.kek("k2");
        SecretStore rotated = store(new Envelope(Keys.keyring(k2, k1)));
        SecretStore.RewrapReport report = rotated.rewrapDataKeys("admin");

        // Then the value rows are byte for byte the same, the data keys name k2, and k2 alone opens every value
        assertThat(report.rewrapped()).contains(app + "/staging", app + "/production");
        assertThat(rows("SELECT t::text FROM secrets.secret_values t WHERE app = '" + app
                + "' ORDER BY environment")).isEqualTo(valueRows);
        assertThat(rows("SELECT DISTINCT kek_id FROM secrets.data_keys WHERE app = '" + app + "'"))
                .containsExactly("k2");
        SecretStore onlyK2 = store(new Envelope(Keys.keyring(k2)));
        assertThat(onlyK2.snapshot(app, "staging").entries().get(0).value().reveal()).isEqualTo("staging-password");
        assertThat(onlyK2.snapshot(app, "production").entries().get(0).value().reveal())
                .isEqualTo("production-password");
        assertThat(rotated.rewrapDataKeys("admin").rewrapped()).noneMatch(r -> r.startsWith(app));
    }

    @Test
    void aMissingKekGivesAClearErrorAndChangesNothing() {
        store.set(ref("DB_PASSWORD"), SecretValue.of("kept"), "alice");
        SecretStore withoutK1 = store(new Envelope(Keys.keyring(Keys.kek("k9"))));

        assertThatThrownBy(() -> withoutK1.snapshot(app, "staging"))
                .isInstanceOf(CryptoException.class).hasMessageContaining("'k1' is not in the keyring");
        assertThatThrownBy(() -> withoutK1.set(ref("DB_PASSWORD"), SecretValue.of("lost?"), "mallory"))
                .isInstanceOf(CryptoException.class);

        assertThat(store.snapshot(app, "staging").entries()).singleElement()
                .satisfies(e -> assertThat(e.value().reveal()).isEqualTo("kept"))
                .satisfies(e -> assertThat(e.version()).isEqualTo(1));
    }

    @Test
    void aDatabaseOutageIsAClearErrorNamingNoValue() {
        PGSimpleDataSource down = new PGSimpleDataSource();
        down.setUrl("jdbc:postgresql://127.0.0.1:1/secrets?connectTimeout=2");
        SecretStore unreachable = new SecretStore(down, new Envelope(Keys.keyring(k1)),
                new SecretGenerator(new SecureRandom()), clock);

        assertThatThrownBy(() -> unreachable.set(ref("DB_PASSWORD"), SecretValue.of("outage-canary"), "alice"))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("the secrets database is unavailable while writing " + app)
                .hasMessageNotContaining("outage-canary");
    }

    @Test
    void auditLogRecordsWhoDidWhatAndNeverAValue() {
        store.set(ref("DB_PASSWORD"), SecretValue.of("audited-value"), "alice");
        store.generate(ref("SESSION_KEY"), new SecretGenerator.Recipe(16, Alphabet.ALPHANUMERIC), null, "bob");
        store.rotate(ref("SESSION_KEY"), "carol");
        store.delete(ref("DB_PASSWORD"), "dave");

        List<AuditEntry> entries = new AuditLog(dataSource).list(app, 10);

        assertThat(entries).extracting(AuditEntry::actor, AuditEntry::action, AuditEntry::key, AuditEntry::version)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("dave", AuditAction.DELETED, "DB_PASSWORD", 1),
                        org.assertj.core.groups.Tuple.tuple("carol", AuditAction.ROTATED, "SESSION_KEY", 2),
                        org.assertj.core.groups.Tuple.tuple("bob", AuditAction.GENERATED, "SESSION_KEY", 1),
                        org.assertj.core.groups.Tuple.tuple("alice", AuditAction.SET, "DB_PASSWORD", 1));
        assertThat(entries.toString()).doesNotContain("audited-value");
    }

    @Test
    void findsGeneratedSecretsWhoseRotationPeriodHasPassed() {
        store.generate(ref("HOURLY"), new SecretGenerator.Recipe(16, Alphabet.HEX), Duration.ofHours(1), "alice");
        store.generate(ref("DAILY"), new SecretGenerator.Recipe(16, Alphabet.HEX), Duration.ofDays(1), "alice");
        store.generate(ref("MANUAL"), new SecretGenerator.Recipe(16, Alphabet.HEX), null, "alice");

        assertThat(mine(store.dueForRotation(clock.instant().plus(Duration.ofMinutes(59))))).isEmpty();
        assertThat(mine(store.dueForRotation(clock.instant().plus(Duration.ofMinutes(61)))))
                .extracting(SecretRef::key).containsExactly("HOURLY");
        assertThat(mine(store.dueForRotation(clock.instant().plus(Duration.ofDays(2)))))
                .extracting(SecretRef::key).containsExactlyInAnyOrder("HOURLY", "DAILY");
    }

    @Test
    void rotatesADueSecretOnceAndLeavesOthers() {
        store.generate(ref("HOURLY"), new SecretGenerator.Recipe(16, Alphabet.HEX), Duration.ofHours(1), "alice");
        store.set(ref("CHOSEN"), SecretValue.of("chosen"), "alice");
        Instant later = clock.instant().plus(Duration.ofMinutes(61));
        clock.advance(Duration.ofMinutes(61));

        assertThat(store.rotateIfDue(ref("HOURLY"), later, "slipway")).hasValueSatisfying(
                info -> assertThat(info.version()).isEqualTo(2));
        // a second instance that found it due at the same moment does nothing
        assertThat(store.rotateIfDue(ref("HOURLY"), later, "slipway")).isEmpty();
        assertThat(store.rotateIfDue(ref("CHOSEN"), later, "slipway")).isEmpty();
        assertThat(store.rotateIfDue(ref("MISSING"), later, "slipway")).isEmpty();
    }

    private List<SecretRef> mine(List<SecretRef> refs) {
        return refs.stream().filter(r -> r.app().equals(app)).toList();
    }

    private SecretStore store(Envelope envelope) {
        return new SecretStore(dataSource, envelope,
                new SecretGenerator(new SecureRandom()), clock);
    }

    private SecretRef ref(String key) {
        return new SecretRef(app, "staging", key);
    }

    private static String dumpSchema() throws SQLException {
        StringBuilder dump = new StringBuilder();
        for (String table : rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'secrets'")) {
            for (String row : rows("SELECT t::text FROM secrets." + table + " t")) {
                dump.append(row).append('\n');
            }
        }
        return dump.toString();
    }

    private static List<String> rows(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> result = new ArrayList<>();
            while (rows.next()) {
                result.add(rows.getString(1));
            }
            return result;
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }
}

package dev.slipway.backup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.slipway.backup.support.Keys;
import dev.slipway.contracts.SecretValue;

class EncryptedStreamTest {

    private static final int CHUNK = 4096;
    private final EncryptionKey key = Keys.random("k1");
    private final Keyring keyring = Keyring.of(key);

    @ParameterizedTest
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 17})
    void roundTripsEverySizeAroundChunkBoundaries(int size) throws IOException {
        byte[] plain = random(size);

        byte[] sealed = encrypt(plain, key);

        assertThat(decrypt(sealed, keyring)).isEqualTo(plain);
    }

    @Test
    void ciphertextShowsNothingOfThePlaintext() throws IOException {
        byte[] plain = "PGDMP customer alice@example.com ".repeat(500).getBytes(StandardCharsets.UTF_8);

        byte[] sealed = encrypt(plain, key);

        String text = new String(sealed, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain("PGDMP").doesNotContain("alice");
        assertThat(sealed).startsWith("SLPWBK".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void namesItsKeyInTheHeader() throws IOException {
        byte[] sealed = encrypt(random(10), key);

        try (DecryptingInputStream in = new DecryptingInputStream(new ByteArrayInputStream(sealed), keyring)) {
            assertThat(in.keyId()).isEqualTo("k1");
        }
    }

    @Test
    void sameInputEncryptsDifferentlyEachTime() throws IOException {
        byte[] plain = random(CHUNK * 2);

        assertThat(encrypt(plain, key)).isNotEqualTo(encrypt(plain, key));
    }

    @Test
    void rejectsAFlippedByteAnywhere() throws IOException {
        byte[] sealed = encrypt(random(3 * CHUNK + 100), key);

        for (int position : List.of(7, 20, 40, sealed.length / 2, sealed.length - 1)) {
            byte[] tampered = sealed.clone();
            tampered[position] ^= 0x01;
            assertThatThrownBy(() -> decrypt(tampered, keyring)).as("flipped byte at %d", position)
                    .isInstanceOf(BackupIntegrityException.class);
        }
    }

    @Test
    void rejectsAStreamCutAtAChunkBoundary() throws IOException {
        byte[] sealed = encrypt(random(3 * CHUNK + 100), key);
        int header = sealed.length - (3 * (CHUNK + 16) + 100 + 16);

        byte[] cut = Arrays.copyOf(sealed, header + 2 * (CHUNK + 16));

        assertThatThrownBy(() -> decrypt(cut, keyring)).isInstanceOf(BackupIntegrityException.class)
                .hasMessageContaining("failed authentication");
    }

    @Test
    void rejectsAStreamWithNoChunks() throws IOException {
        byte[] sealed = encrypt(random(100), key);
        byte[] headerOnly = Arrays.copyOf(sealed, sealed.length - 116);

        assertThatThrownBy(() -> decrypt(headerOnly, keyring)).isInstanceOf(BackupIntegrityException.class);
    }

    @Test
    void rejectsSwappedChunks() throws IOException {
        byte[] sealed = encrypt(random(3 * CHUNK), key);
        int header = sealed.length - 3 * (CHUNK + 16);
        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, header, swapped, header + CHUNK + 16, CHUNK + 16);
        System.arraycopy(sealed, header + CHUNK + 16, swapped, header, CHUNK + 16);

        assertThatThrownBy(() -> decrypt(swapped, keyring)).isInstanceOf(BackupIntegrityException.class);
    }

    @Test
    void rejectsBytesAppendedAfterTheLastChunk() throws IOException {
        byte[] sealed = encrypt(random(CHUNK + 5), key);
        byte[] longer = Arrays.copyOf(sealed, sealed.length + 3);

        assertThatThrownBy(() -> decrypt(longer, keyring)).isInstanceOf(BackupIntegrityException.class);
    }

    @Test
    void rejectsAnotherKeyUnderTheSameId() throws IOException {
        byte[] sealed = encrypt(random(100), key);

        assertThatThrownBy(() -> decrypt(sealed, Keyring.of(Keys.random("k1"))))
                .isInstanceOf(BackupIntegrityException.class);
    }

    @Test
    void saysWhichKeyIsMissing() throws IOException {
        byte[] sealed = encrypt(random(100), key);

        assertThatThrownBy(() -> decrypt(sealed, Keyring.of(Keys.random("k2"))))
                .isInstanceOf(BackupIntegrityException.class)
                .hasMessageContaining("'k1'").hasMessageContaining("not configured");
    }

    @Test
    void oldKeysStillDecryptAfterRotation() throws IOException {
        byte[] plain = random(500);
        byte[] sealed = encrypt(plain, key);

        Keyring rotated = Keyring.of(Keys.random("k2"), List.of(key));

        assertThat(decrypt(sealed, rotated)).isEqualTo(plain);
        assertThat(rotated.current()).get().extracting(EncryptionKey::id).isEqualTo("k2");
    }

    @Test
    void rejectsDataThatIsNotABackup() {
        byte[] dump = "PGDMP\u0001\u000e\u0000".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> decrypt(dump, keyring)).isInstanceOf(BackupIntegrityException.class)
                .hasMessageContaining("not an encrypted Slipway backup");
    }

    @Test
    void keyNeverPrintsItsMaterial() {
        String base64 = Base64.getEncoder().encodeToString(new byte[32]);

        EncryptionKey parsed = EncryptionKey.fromBase64("k9", SecretValue.of(base64));

        assertThat(parsed.toString()).isEqualTo("EncryptionKey[k9]");
        assertThat(parsed.material().toString()).isEqualTo(SecretValue.REDACTED);
    }

    @Test
    void rejectsAKeyOfTheWrongLengthWithoutShowingIt() {
        String base64 = Base64.getEncoder().encodeToString("sixteen byte key".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> EncryptionKey.fromBase64("short", SecretValue.of(base64)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be 32 bytes")
                .hasMessageNotContaining(base64).hasMessageNotContaining("sixteen");
    }

    @Test
    void rejectsTwoDifferentKeysWithOneId() {
        assertThatThrownBy(() -> Keyring.of(Keys.random("same"), List.of(Keys.random("same"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'same'");
    }

    private static byte[] encrypt(byte[] plain, EncryptionKey key) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EncryptingOutputStream encrypting = new EncryptingOutputStream(out, key, CHUNK)) {
            // Odd write sizes, so chunking does not depend on how the caller writes.
            for (int offset = 0; offset < plain.length; offset += 1000) {
                encrypting.write(plain, offset, Math.min(1000, plain.length - offset));
            }
        }
        return out.toByteArray();
    }

    private static byte[] decrypt(byte[] sealed, Keyring keyring) throws IOException {
        try (DecryptingInputStream in = new DecryptingInputStream(new ByteArrayInputStream(sealed), keyring)) {
            return in.readAllBytes();
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}

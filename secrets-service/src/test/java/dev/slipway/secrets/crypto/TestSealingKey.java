package dev.slipway.secrets.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The 4096-bit sealing key pair of the tests, {@code sealing-key.test.pem}: generating one takes tens of seconds on a
 * test JVM that only runs the C1 compiler. Used nowhere but in tests.
 */
public final class TestSealingKey {

    public static final String RESOURCE = "sealing-key.test.pem";

    public static String pem() {
        try (InputStream in = TestSealingKey.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SealingKey load() {
        return SealingKey.fromPrivatePem(pem());
    }

    private TestSealingKey() {
    }
}

package dev.slipway.secrets.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The associated data that binds a ciphertext to where it belongs. Each part is length-prefixed, so
 * {@code ("ab", "c")} and {@code ("a", "bc")} never encode alike, and the purpose comes first, so a data key's
 * ciphertext can never pass for a value's.
 */
public final class AssociatedData {

    static final String DATA_KEY = "slipway/data-key/v1";
    static final String VALUE = "slipway/value/v1";
    static final String SEALING_KEY = "slipway/sealing-key/v1";
    static final String KEK_CHECK = "slipway/kek-check/v1";

    /** The bytes for {@code purpose} followed by {@code parts}. */
    public static byte[] of(String purpose, String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, purpose);
        for (String part : parts) {
            write(out, part);
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String part) {
        if (part == null) {
            throw new IllegalArgumentException("associated data parts must not be null");
        }
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    private AssociatedData() {
    }
}

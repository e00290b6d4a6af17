package dev.slipway.contracts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A secret value that never shows itself: {@link #toString()}, its JSON form and so every log line and event print
 * {@value #REDACTED}. Only {@link #reveal()} gives the value, to the code that must use it (an encryption, a
 * Kubernetes Secret, a database login).
 */
public final class SecretValue {

    public static final String REDACTED = "[redacted]";

    private final byte[] value;

    private SecretValue(byte[] value) {
        this.value = value;
    }

    public static SecretValue of(String value) {
        if (value == null) {
            throw new IllegalArgumentException("secret value must not be null");
        }
        return new SecretValue(value.getBytes(StandardCharsets.UTF_8));
    }

    public static SecretValue ofBytes(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("secret value must not be null");
        }
        return new SecretValue(value.clone());
    }

    /** The value, for the one place that needs it. Never log or emit it. */
    public String reveal() {
        return new String(value, StandardCharsets.UTF_8);
    }

    public byte[] revealBytes() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    /** Overwrites the held bytes; the value is gone afterwards. */
    public void destroy() {
        Arrays.fill(value, (byte) 0);
    }

    @Override
    @JsonValue
    public String toString() {
        return REDACTED;
    }

    /** Constant-time comparison. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SecretValue that && MessageDigest.isEqual(value, that.value);
    }

    /** Constant for every value, so a hash table leaks nothing through hash codes. */
    @Override
    public int hashCode() {
        return 0x5ec12e7;
    }
}

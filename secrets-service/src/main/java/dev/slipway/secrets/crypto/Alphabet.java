package dev.slipway.secrets.crypto;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The characters a generated secret is drawn from. */
public enum Alphabet {
    /** {@code A-Z a-z 0-9}: safe in URLs, shells and connection strings. */
    ALPHANUMERIC("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
    /** {@code 0-9 a-f}. */
    HEX("0123456789abcdef"),
    /** The URL-safe base64 alphabet, {@code A-Z a-z 0-9 - _}. */
    BASE64URL("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
    /** Letters, digits and punctuation, without quotes, backslash and space. */
    SYMBOLS("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&()*+,-./:;<=>?@[]^_{|}~");

    private final String characters;

    Alphabet(String characters) {
        this.characters = characters;
    }

    public String characters() {
        return characters;
    }

    /** The alphabet of that name, in any case; a clear error listing the names otherwise. */
    public static Alphabet named(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown alphabet '" + name + "'; one of "
                    + Arrays.stream(values()).map(a -> a.name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", ")));
        }
    }

    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

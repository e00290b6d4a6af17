package dev.slipway.build.scan;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import dev.slipway.contracts.SecretValue;

/**
 * Removes secrets from text that leaves the service (a failing command's output, an error message): the values of
 * Slipway's own credentials, wherever they appear, and anything shaped like a known token or private key.
 */
public final class Redactor {

    /** Values shorter than this are not searched for: they would blank out ordinary words. */
    static final int MIN_LENGTH = 4;

    private final List<SecretValue> known;

    public Redactor(List<SecretValue> known) {
        // Longest first, so a secret that contains another is removed whole.
        this.known = known.stream().filter(Objects::nonNull).filter(s -> s.length() >= MIN_LENGTH)
                .sorted(Comparator.comparingInt(SecretValue::length).reversed()).toList();
    }

    public static Redactor patternsOnly() {
        return new Redactor(List.of());
    }

    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (SecretValue secret : known) {
            String value = secret.reveal();
            if (result.contains(value)) {
                result = result.replace(value, SecretValue.REDACTED);
            }
        }
        return SecretPatterns.redact(result);
    }

    public List<String> redact(List<String> lines) {
        return lines.stream().map(this::redact).toList();
    }
}

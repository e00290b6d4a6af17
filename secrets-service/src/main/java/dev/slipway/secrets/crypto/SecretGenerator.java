package dev.slipway.secrets.crypto;

import java.security.SecureRandom;

import dev.slipway.contracts.SecretValue;

/** Generates random secrets, each character drawn uniformly from an {@link Alphabet}. */
public final class SecretGenerator {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 4096;

    private final SecureRandom random;

    public SecretGenerator(SecureRandom random) {
        this.random = random;
    }

    /** How a generated secret is made: kept with it so a rotation makes the same kind of secret. */
    public record Recipe(int length, Alphabet alphabet) {
        public Recipe {
            if (length < MIN_LENGTH || length > MAX_LENGTH) {
                throw new IllegalArgumentException("a generated secret's length is between " + MIN_LENGTH + " and "
                        + MAX_LENGTH + ", got " + length);
            }
            if (alphabet == null) {
                throw new IllegalArgumentException("an alphabet is required");
            }
        }
    }

    public SecretValue generate(Recipe recipe) {
        String characters = recipe.alphabet().characters();
        byte[] out = new byte[recipe.length()];
        for (int i = 0; i < out.length; i++) {
            // nextInt(bound) rejects the biased tail, so every character is equally likely.
            out[i] = (byte) characters.charAt(random.nextInt(characters.length()));
        }
        try {
            return SecretValue.ofBytes(out);
        } finally {
            java.util.Arrays.fill(out, (byte) 0);
        }
    }
}

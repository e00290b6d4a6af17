package dev.slipway.secrets.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SecretGeneratorTest {

    private final SecretGenerator generator = new SecretGenerator(new SecureRandom());

    @Test
    void drawsTheRequestedLengthFromTheAlphabet() {
        for (Alphabet alphabet : Alphabet.values()) {
            String value = generator.generate(new SecretGenerator.Recipe(64, alphabet)).reveal();

            assertThat(value).hasSize(64);
            assertThat(value.chars()).allMatch(c -> alphabet.characters().indexOf(c) >= 0);
        }
    }

    @Test
    void usesTheWholeAlphabetAndNeverRepeatsAValue() {
        Set<Character> seen = new HashSet<>();
        Set<String> values = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String value = generator.generate(new SecretGenerator.Recipe(32, Alphabet.HEX)).reveal();
            values.add(value);
            value.chars().forEach(c -> seen.add((char) c));
        }

        assertThat(values).hasSize(50);
        assertThat(seen).hasSize(16);
    }

    @Test
    void refusesLengthsOutsideTheBoundsAndUnknownAlphabets() {
        assertThatThrownBy(() -> new SecretGenerator.Recipe(7, Alphabet.HEX)).hasMessageContaining("between 8");
        assertThatThrownBy(() -> new SecretGenerator.Recipe(5000, Alphabet.HEX)).hasMessageContaining("4096");
        assertThatThrownBy(() -> Alphabet.named("emoji")).hasMessageContaining("alphanumeric, hex");
        assertThat(Alphabet.named("Base64Url")).isEqualTo(Alphabet.BASE64URL);
    }
}

package dev.slipway.secrets.store;

import java.time.Duration;
import java.time.Instant;

import dev.slipway.secrets.crypto.Alphabet;

/**
 * What may be known of a secret without its value.
 *
 * @param key the key
 * @param version the current version
 * @param source how the value was made
 * @param updatedAt when the current version was written
 * @param updatedBy who wrote it
 * @param length the generated length, for a generated secret
 * @param alphabet the generated alphabet, for a generated secret
 * @param rotateEvery how often a generated secret is rotated, or null
 */
public record KeyInfo(String key, int version, Source source, Instant updatedAt, String updatedBy, Integer length,
        Alphabet alphabet, Duration rotateEvery) {
}

package dev.slipway.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.slipway.gateway.webhook.Signatures;

/**
 * The configured API tokens, kept only as SHA-256 digests. A presented token is hashed and compared with every entry
 * in constant time, so neither the match nor its position shows in the time taken.
 */
public final class TokenRegistry {

    /** Who called: the token's configured name and its role. */
    public record Caller(String name, Role role) {
    }

    private record Entry(String name, Role role, byte[] digest) {
    }

    private final List<Entry> entries;

    private TokenRegistry(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * @param tokens name to (role, hex SHA-256 of the token)
     * @throws IllegalArgumentException naming the entry that has an unknown role or a digest that is not 64 hex digits
     */
    public static TokenRegistry of(Map<String, Map.Entry<String, String>> tokens) {
        List<Entry> entries = new ArrayList<>();
        tokens.forEach((name, token) -> {
            Role role = Role.byId(token.getKey()).orElseThrow(() -> new IllegalArgumentException(
                    "API token " + name + ": role must be viewer, sre or admin"));
            String hex = token.getValue() == null ? "" : token.getValue().trim();
            if (!hex.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("API token " + name + ": sha256 must be 64 hex digits");
            }
            entries.add(new Entry(name, role, HexFormat.of().parseHex(hex)));
        });
        return new TokenRegistry(entries);
    }

    /** The caller a presented bearer token belongs to. */
    public Optional<Caller> authenticate(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = Signatures.sha256(token.getBytes(StandardCharsets.UTF_8));
        Caller found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(digest, entry.digest()) && found == null) {
                found = new Caller(entry.name(), entry.role());
            }
        }
        return Optional.ofNullable(found);
    }

    /** The hex SHA-256 to configure for {@code token}. */
    public static String digestOf(String token) {
        return Signatures.sha256Hex(token.getBytes(StandardCharsets.UTF_8));
    }
}

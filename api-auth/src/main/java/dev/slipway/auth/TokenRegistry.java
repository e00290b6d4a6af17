package dev.slipway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configured API tokens, kept only as SHA-256 digests so the configuration never holds a usable token. A
 * presented token is hashed and compared with every entry in constant time, so neither the match nor its position
 * shows in the time taken. {@code echo -n "$TOKEN" | sha256sum} gives the digest to configure.
 */
public final class TokenRegistry {

    /** Who called: the token's configured name and its role. */
    public record Caller(String name, Role role) {
    }

    /**
     * A token as configured, not yet checked.
     *
     * @param name who the token belongs to (the principal name of its callers)
     * @param role {@code viewer}, {@code sre} or {@code admin}
     * @param sha256 hex SHA-256 of the token
     * @param where how an error names this entry, such as {@code API token ci}
     */
    public record Declared(String name, String role, String sha256, String where) {

        /** An entry of the configuration keys, named {@code API token <name>} in errors. */
        public static Declared of(String name, String role, String sha256) {
            return new Declared(name, role, sha256, "API token " + name);
        }

        /** Leaves the digest out, as every message about a token does. */
        @Override
        public String toString() {
            return where;
        }
    }

    private record Entry(String name, Role role, byte[] digest) {
    }

    private final List<Entry> entries;

    private TokenRegistry(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * @throws IllegalArgumentException naming the entry (never its digest) that has no name, an unknown role, a digest
     *         that is not 64 hex digits, or a name already taken
     */
    public static TokenRegistry of(List<Declared> declared) {
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Declared token : declared) {
            String name = token.name() == null ? "" : token.name().strip();
            if (name.isEmpty()) {
                throw new IllegalArgumentException(token.where() + ": the name is empty");
            }
            Role role = Role.byId(token.role()).orElseThrow(() -> new IllegalArgumentException(
                    token.where() + ": role must be viewer, sre or admin"));
            String hex = token.sha256() == null ? "" : token.sha256().strip();
            if (!hex.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException(token.where() + ": sha256 must be 64 hex digits");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException(token.where() + ": the name " + name + " is configured twice");
            }
            entries.add(new Entry(name, role, HexFormat.of().parseHex(hex)));
        }
        return new TokenRegistry(entries);
    }

    /**
     * Reads a tokens file: one {@code name:role:sha256-hex} per line; blank lines and {@code #} comments are skipped.
     *
     * @param source how errors name the file, such as its path
     * @throws IllegalArgumentException naming the line (never its content) that is not three fields
     */
    public static List<Declared> parseFile(String text, String source) {
        List<Declared> declared = new ArrayList<>();
        if (text == null) {
            return declared;
        }
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + ", line " + (i + 1);
            String[] fields = line.split(":", -1);
            if (fields.length != 3) {
                throw new IllegalArgumentException(where + ": expected name:role:sha256-hex");
            }
            declared.add(new Declared(fields[0].strip(), fields[1], fields[2], where));
        }
        return declared;
    }

    /** The caller a presented bearer token belongs to. */
    public Optional<Caller> authenticate(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(token);
        Caller found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(digest, entry.digest()) && found == null) {
                found = new Caller(entry.name(), entry.role());
            }
        }
        return Optional.ofNullable(found);
    }

    /** How many tokens are configured. */
    public int size() {
        return entries.size();
    }

    /** The hex SHA-256 to configure for {@code token}. */
    public static String digestOf(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

package dev.slipway.secrets.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The API's bearer tokens, held as SHA-256 digests so the configuration never contains a usable token. Each entry is
 * {@code name:role+role:sha256-hex}; {@code echo -n "$TOKEN" | sha256sum} gives the digest.
 */
public final class ApiTokens {

    public static final Set<String> ROLES = Set.of("viewer", "sre", "admin");

    /** Who a token belongs to. */
    public record Caller(String name, Set<String> roles) {
    }

    private record Entry(Caller caller, byte[] digest) {
    }

    private final List<Entry> entries;

    private ApiTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads entries separated by commas or new lines; blank lines and {@code #} comments are skipped. */
    public static ApiTokens parse(String text, String source) {
        List<Entry> entries = new ArrayList<>();
        if (text != null) {
            int number = 0;
            for (String raw : text.split("[,\\n]")) {
                number++;
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(":");
                if (parts.length != 3) {
                    throw new IllegalArgumentException(source + ", entry " + number
                            + ": expected name:role+role:sha256-hex");
                }
                Set<String> roles = new LinkedHashSet<>();
                for (String role : parts[1].split("\\+")) {
                    if (!ROLES.contains(role.strip())) {
                        throw new IllegalArgumentException(source + ", entry " + number + ": unknown role '"
                                + role.strip() + "' (viewer, sre, admin)");
                    }
                    roles.add(role.strip());
                }
                byte[] digest;
                try {
                    digest = HexFormat.of().parseHex(parts[2].strip().toLowerCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    digest = new byte[0];
                }
                if (digest.length != 32) {
                    throw new IllegalArgumentException(source + ", entry " + number
                            + ": the token digest must be 64 hex digits of SHA-256");
                }
                entries.add(new Entry(new Caller(parts[0].strip(), Set.copyOf(roles)), digest));
            }
        }
        return new ApiTokens(entries);
    }

    /** Both sources together. */
    public ApiTokens and(ApiTokens other) {
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(other.entries);
        return new ApiTokens(all);
    }

    /** The caller holding {@code token}; every entry is compared, in constant time, whatever matches. */
    public Optional<Caller> find(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(token);
        Caller found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), digest) && found == null) {
                found = entry.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    public int size() {
        return entries.size();
    }

    /** The hex SHA-256 of a token, as written in the configuration. */
    public static String digestHex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

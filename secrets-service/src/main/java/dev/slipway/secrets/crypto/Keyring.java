package dev.slipway.secrets.crypto;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The key-encryption keys Slipway holds: the active one, which wraps everything new, and older ones, which still open
 * what they wrapped until it is rewrapped. There is no default key: a keyring without its active key cannot be built.
 */
public final class Keyring {

    private final Map<String, Kek> keys;
    private final Kek active;

    public Keyring(String activeId, Collection<Kek> keys) {
        Map<String, Kek> byId = new LinkedHashMap<>();
        for (Kek kek : keys) {
            if (byId.putIfAbsent(kek.id(), kek) != null) {
                throw new CryptoException("key-encryption key '" + kek.id() + "' is given twice");
            }
        }
        if (activeId == null || activeId.isBlank()) {
            throw new CryptoException("no active key-encryption key id is configured");
        }
        Kek found = byId.get(activeId.trim());
        if (found == null) {
            throw new CryptoException("the active key-encryption key '" + activeId.trim()
                    + "' is not in the keyring (known ids: " + String.join(", ", byId.keySet()) + ")");
        }
        this.keys = Map.copyOf(byId);
        this.active = found;
    }

    /**
     * Reads keys written one per line or comma-separated as {@code id:base64}, where the base64 text holds 32 bytes
     * ({@code head -c 32 /dev/urandom | base64}). Blank lines and lines starting with {@code #} are skipped.
     */
    public static List<Kek> parse(String text, String source) {
        List<Kek> keys = new ArrayList<>();
        if (text == null) {
            return keys;
        }
        int entry = 0;
        for (String raw : text.split("[,\\n]")) {
            String line = raw.strip();
            entry++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new CryptoException(source + ", entry " + entry + ": expected id:base64-key");
            }
            String id = line.substring(0, colon).strip();
            byte[] key;
            try {
                key = Base64.getDecoder().decode(line.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new CryptoException(source + ", key '" + id + "': not valid base64");
            }
            keys.add(new Kek(id, key));
        }
        return keys;
    }

    public Kek active() {
        return active;
    }

    /** The key of that id, if held. */
    public Optional<Kek> find(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    /** The key of that id, or a clear error naming the id (never the key). */
    public Kek require(String id) {
        Kek kek = keys.get(id);
        if (kek == null) {
            throw new CryptoException("key-encryption key '" + id + "' is not in the keyring (known ids: "
                    + String.join(", ", keys.keySet()) + "); add it to open what it wrapped");
        }
        return kek;
    }

    public Collection<String> ids() {
        return keys.keySet();
    }

    @Override
    public String toString() {
        return "Keyring[active=" + active.id() + ", ids=" + keys.keySet() + "]";
    }
}

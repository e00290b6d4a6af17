package dev.slipway.backup.crypto;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys backup-service knows: the current one, which encrypts new backups, and older ones that only decrypt. A
 * keyring without a current key can still read old backups but cannot write new ones.
 */
public final class Keyring {

    private final EncryptionKey current;
    private final Map<String, EncryptionKey> byId;

    private Keyring(EncryptionKey current, Map<String, EncryptionKey> byId) {
        this.current = current;
        this.byId = byId;
    }

    /** A keyring whose current key is {@code current} (may be null), also holding {@code older} keys. */
    public static Keyring of(EncryptionKey current, Collection<EncryptionKey> older) {
        Map<String, EncryptionKey> byId = new LinkedHashMap<>();
        List<EncryptionKey> all = new ArrayList<>();
        if (current != null) {
            all.add(current);
        }
        all.addAll(older);
        for (EncryptionKey key : all) {
            EncryptionKey previous = byId.putIfAbsent(key.id(), key);
            if (previous != null && !previous.material().equals(key.material())) {
                throw new IllegalArgumentException("two different encryption keys have the id '" + key.id() + "'");
            }
        }
        return new Keyring(current, Map.copyOf(byId));
    }

    public static Keyring of(EncryptionKey current) {
        return of(current, List.of());
    }

    /** A keyring with no keys at all: it refuses every backup. */
    public static Keyring empty() {
        return new Keyring(null, Map.of());
    }

    /** The key new backups are encrypted with, if one is configured. */
    public Optional<EncryptionKey> current() {
        return Optional.ofNullable(current);
    }

    /** The key of that id, for decryption. */
    public Optional<EncryptionKey> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }
}

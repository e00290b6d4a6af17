package dev.slipway.backup.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policies backup-service acts on, by id. A static policy is never replaced by an application's spec: an
 * application cannot take over the schedule of Slipway's own database by naming itself after it.
 */
public final class PolicyRegistry {

    private final Map<String, BackupPolicy> byId = new ConcurrentHashMap<>();

    /** Adds or replaces a policy; an application's policy replaces every earlier one of the same application. */
    public synchronized boolean put(BackupPolicy policy) {
        BackupPolicy existing = byId.get(policy.id());
        if (existing != null && existing.source() == BackupPolicy.Source.STATIC
                && policy.source() == BackupPolicy.Source.APP) {
            return false;
        }
        if (policy.source() == BackupPolicy.Source.APP) {
            // An application has one database; a renamed one replaces the old policy.
            byId.values().removeIf(p -> p.source() == BackupPolicy.Source.APP && p.app().equals(policy.app()));
        }
        byId.put(policy.id(), policy);
        return true;
    }

    /** Forgets the application's policy (its spec no longer names a database). */
    public synchronized void removeApp(String app) {
        byId.values().removeIf(p -> p.source() == BackupPolicy.Source.APP && p.app().equals(app));
    }

    /** The policy of {@code app}'s database named {@code database}, or its only one when {@code database} is null. */
    public Optional<BackupPolicy> find(String app, String database) {
        List<BackupPolicy> candidates = forApp(app);
        if (database == null || database.isBlank()) {
            return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
        }
        return candidates.stream().filter(p -> p.database().name().equals(database)).findFirst();
    }

    public List<BackupPolicy> forApp(String app) {
        return all().stream().filter(p -> p.app().equals(app)).toList();
    }

    /** Every policy, by id. */
    public List<BackupPolicy> all() {
        List<BackupPolicy> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparing(BackupPolicy::id));
        return all;
    }
}

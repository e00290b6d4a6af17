package dev.slipway.secrets.api;

import java.time.Instant;
import java.util.List;

import dev.slipway.contracts.events.SecretsSynced.KeyVersion;
import dev.slipway.secrets.store.AuditEntry;
import dev.slipway.secrets.store.KeyInfo;
import dev.slipway.secrets.sync.SyncOutcome;

/** Response bodies. None holds a value. */
public final class Views {

    /** A secret as listed: its key, version and when it was written. */
    public record Key(String key, int version, String source, Instant updatedAt, String updatedBy, Integer length,
            String alphabet, String rotateEvery) {

        static Key of(KeyInfo info) {
            return new Key(info.key(), info.version(), info.source().lowerName(), info.updatedAt(), info.updatedBy(),
                    info.length(), info.alphabet() == null ? null : info.alphabet().lowerName(),
                    info.rotateEvery() == null ? null : info.rotateEvery().toString());
        }
    }

    /** The keys of an environment. */
    public record KeyList(String app, String environment, List<Key> keys) {
    }

    /** What a change did: the new version and the sync that followed. */
    public record Change(String app, String environment, String key, int version, String action, Sync sync) {
    }

    /** The sync of one environment. */
    public record Sync(String environment, String status, String namespace, String secret,
            List<KeyVersion> keys, String checksum, String detail) {

        static Sync of(SyncOutcome outcome) {
            return new Sync(outcome.environment(), outcome.status().name().toLowerCase(java.util.Locale.ROOT),
                    outcome.namespace(),
                    outcome.namespace() == null
                            ? null
                            : dev.slipway.secrets.sync.SecretManifest.secretName(outcome.app()),
                    outcome.versions(), outcome.checksum(), outcome.detail());
        }
    }

    /** A line of the audit log. */
    public record Audit(Instant at, String actor, String action, String app, String environment, String key,
            Integer version, String detail) {

        static Audit of(AuditEntry entry) {
            return new Audit(entry.at(), entry.actor(), entry.action().lowerName(), entry.app(), entry.environment(),
                    entry.key(), entry.version(), entry.detail());
        }
    }

    /** An error. */
    public record Error(String error) {
    }

    private Views() {
    }
}

package dev.slipway.backup.policy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.slipway.backup.storage.BackupBucket;
import dev.slipway.backup.storage.StorageException;
import dev.slipway.contracts.Json;

/**
 * Keeps the policies learned from {@code chart-published} in the bucket ({@code <prefix>_policies/<app>.json}), so a
 * restarted instance knows every schedule without replaying the topic. Application names are DNS labels, so no
 * application's backups can collide with {@code _policies/}.
 */
public final class PolicyStore {

    static final String FOLDER = "_policies/";

    private final BackupBucket bucket;

    public PolicyStore(BackupBucket bucket) {
        this.bucket = bucket;
    }

    public void save(BackupPolicy policy) throws StorageException {
        try {
            bucket.put(key(policy.app()), Json.MAPPER.writeValueAsBytes(policy));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write policy " + policy.id(), e);
        }
    }

    public void delete(String app) throws StorageException {
        bucket.deleteObject(key(app));
    }

    /** Every stored policy; unreadable ones are skipped. */
    public List<BackupPolicy> load() throws StorageException {
        List<BackupPolicy> policies = new ArrayList<>();
        for (String key : bucket.listKeys(bucket.keys().prefix() + FOLDER, ".json")) {
            var bytes = bucket.read(key);
            if (bytes.isEmpty()) {
                continue;
            }
            try {
                BackupPolicy policy = Json.MAPPER.readValue(bytes.get(), BackupPolicy.class);
                if (policy.source() == BackupPolicy.Source.APP) {
                    policies.add(policy);
                }
            } catch (IOException | RuntimeException e) {
                // a damaged policy object is replaced by the application's next chart-published
            }
        }
        return policies;
    }

    private String key(String app) {
        return bucket.keys().prefix() + FOLDER + app + ".json";
    }
}

package dev.slipway.secrets.config;

import java.util.List;

import org.jboss.logging.Logger;

import dev.slipway.secrets.store.SealingKeyStore;
import dev.slipway.secrets.store.SecretStore;

/** Rewraps data keys and sealing keys under the active key-encryption key. */
public final class KekRotation {

    private static final Logger LOG = Logger.getLogger(KekRotation.class);

    /**
     * What a rewrap did.
     *
     * @param dataKeys the {@code app/environment} data keys rewrapped
     * @param sealingKeys how many sealing keys were rewrapped
     * @param failed what could not be opened, with the reason
     */
    public record Report(List<String> dataKeys, int sealingKeys, List<String> failed) {
    }

    public static Report rewrap(SecretStore store, SealingKeyStore sealingKeyStore, SealingKeys sealingKeys,
            String actor) {
        SecretStore.RewrapReport data = store.rewrapDataKeys(actor);
        int sealing = sealingKeyStore.rewrap(actor);
        if (sealing > 0) {
            sealingKeys.reload();
        }
        if (!data.rewrapped().isEmpty() || sealing > 0) {
            LOG.infof("Rewrapped %d data keys and %d sealing keys under the active key-encryption key",
                    data.rewrapped().size(), sealing);
        }
        for (String failure : data.failed()) {
            LOG.errorf("Cannot rewrap the data key of %s", failure);
        }
        return new Report(data.rewrapped(), sealing, data.failed());
    }

    private KekRotation() {
    }
}

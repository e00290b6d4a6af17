package dev.slipway.secrets.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import dev.slipway.secrets.crypto.Keyring;
import dev.slipway.secrets.store.KekCheckStore;
import dev.slipway.secrets.store.SealingKeyStore;
import dev.slipway.secrets.store.SecretStore;

/**
 * At start-up, after Flyway: opens the keyring (a missing or malformed key stops the start), rewraps what an older
 * key-encryption key wrapped, and opens or makes the sealing key.
 */
@ApplicationScoped
public class Startup {

    private static final Logger LOG = Logger.getLogger(Startup.class);

    void onStart(@Observes StartupEvent event, Keyring keyring, KekCheckStore checks, SecretsConfig config,
            SecretStore store, SealingKeyStore sealingKeyStore, SealingKeys sealingKeys) {
        LOG.infof("Key-encryption keys: active %s, held %s", keyring.active().id(), keyring.ids());
        checks.verify();
        if (config.kek().rewrapOnStart()) {
            KekRotation.rewrap(store, sealingKeyStore, sealingKeys, SecretStore.SERVICE_ACTOR);
        }
        LOG.infof("Sealing key %s", sealingKeys.active().id());
    }
}

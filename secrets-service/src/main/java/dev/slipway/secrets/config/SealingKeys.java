package dev.slipway.secrets.config;

import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.slipway.secrets.crypto.CryptoException;
import dev.slipway.secrets.crypto.SealingKey;
import dev.slipway.secrets.store.SealingKeyStore;

/** The active sealing key, opened once from the database (and made there on the first start). */
@ApplicationScoped
public class SealingKeys {

    private static final Logger LOG = Logger.getLogger(SealingKeys.class);

    private final SealingKeyStore store;
    private final SecretsConfig config;
    private final SecureRandom random;
    private volatile SealingKey active;

    public SealingKeys(SealingKeyStore store, SecretsConfig config, SecureRandom random) {
        this.store = store;
        this.config = config;
        this.random = random;
    }

    public SealingKey active() {
        SealingKey key = active;
        if (key == null) {
            synchronized (this) {
                if (active == null) {
                    active = store.activeOrCreate(this::create);
                }
                key = active;
            }
        }
        return key;
    }

    /** Forgets the opened key, so the next use reopens it (after a KEK rewrap). */
    public synchronized void reload() {
        active = null;
    }

    private SealingKey create() {
        if (config.sealing().privateKeyFile().isPresent()) {
            var file = config.sealing().privateKeyFile().get();
            try {
                SealingKey imported = SealingKey.fromPrivatePem(Files.readString(file));
                LOG.infof("Adopted sealing key %s from %s", imported.id(), file);
                return imported;
            } catch (IOException e) {
                throw new CryptoException("cannot read the sealing private key file " + file + ": "
                        + e.getClass().getSimpleName());
            }
        }
        LOG.info("Generating the sealing key pair (RSA 4096)");
        SealingKey generated = SealingKey.generate(random);
        LOG.infof("Generated sealing key %s", generated.id());
        return generated;
    }
}

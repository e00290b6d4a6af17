package dev.slipway.secrets.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.fabric8.kubernetes.client.KubernetesClient;

import dev.slipway.runtime.RetryPolicy;
import dev.slipway.secrets.crypto.CryptoException;
import dev.slipway.secrets.crypto.Envelope;
import dev.slipway.secrets.crypto.Kek;
import dev.slipway.secrets.crypto.Keyring;
import dev.slipway.secrets.crypto.SecretGenerator;
import dev.slipway.secrets.messaging.SyncedEmitter;
import dev.slipway.secrets.store.AuditLog;
import dev.slipway.secrets.store.KekCheckStore;
import dev.slipway.secrets.store.SealingKeyStore;
import dev.slipway.secrets.store.SecretStore;
import dev.slipway.secrets.store.TargetStore;
import dev.slipway.secrets.sync.ClusterSecrets;
import dev.slipway.secrets.sync.Synchronizer;

/** Wires the plain-Java parts together. */
@Singleton
public class Beans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    SecureRandom random() {
        return new SecureRandom();
    }

    /** The keyring; the service does not start when the active key is missing or any key is malformed. */
    @Produces
    @Singleton
    Keyring keyring(SecretsConfig config) {
        return keyring(config.kek());
    }

    static Keyring keyring(SecretsConfig.Kek config) {
        List<Kek> keys = new ArrayList<>();
        if (config.file().isPresent()) {
            Path file = config.file().get();
            try {
                keys.addAll(Keyring.parse(Files.readString(file), file.toString()));
            } catch (IOException e) {
                throw new CryptoException("cannot read the key-encryption key file " + file + ": "
                        + e.getClass().getSimpleName());
            }
        }
        config.keys().ifPresent(text -> keys.addAll(Keyring.parse(text, "slipway.secrets.kek.keys")));
        return new Keyring(config.active(), keys);
    }

    @Produces
    @Singleton
    Envelope envelope(Keyring keyring, SecureRandom random) {
        return new Envelope(keyring, random);
    }

    @Produces
    @Singleton
    SecretStore secretStore(DataSource dataSource, Envelope envelope, SecureRandom random, Clock clock) {
        return new SecretStore(dataSource, envelope, new SecretGenerator(random), clock);
    }

    @Produces
    @Singleton
    TargetStore targetStore(DataSource dataSource, Clock clock) {
        return new TargetStore(dataSource, clock);
    }

    @Produces
    @Singleton
    AuditLog auditLog(DataSource dataSource) {
        return new AuditLog(dataSource);
    }

    @Produces
    @Singleton
    SealingKeyStore sealingKeyStore(DataSource dataSource, Envelope envelope, Clock clock) {
        return new SealingKeyStore(dataSource, envelope, clock);
    }

    @Produces
    @Singleton
    KekCheckStore kekCheckStore(DataSource dataSource, Envelope envelope, Clock clock) {
        return new KekCheckStore(dataSource, envelope, clock);
    }

    @Produces
    @Singleton
    ClusterSecrets clusterSecrets(KubernetesClient client) {
        return new ClusterSecrets(client);
    }

    @Produces
    @Singleton
    Synchronizer synchronizer(SecretStore store, TargetStore targets, AuditLog audit, ClusterSecrets cluster,
            SyncedEmitter emitter, Clock clock, SecretsConfig config) {
        SecretsConfig.Sync sync = config.sync();
        return new Synchronizer(store, targets, audit, cluster, emitter, clock,
                new RetryPolicy(sync.attempts(), sync.backoff(), sync.maxBackoff()), sync.timeout());
    }
}

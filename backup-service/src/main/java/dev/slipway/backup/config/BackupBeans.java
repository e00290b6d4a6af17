package dev.slipway.backup.config;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;

import dev.slipway.backup.crypto.EncryptionKey;
import dev.slipway.backup.crypto.Keyring;
import dev.slipway.backup.drill.RestoreDrill;
import dev.slipway.backup.dump.Dumper;
import dev.slipway.backup.job.BackupJob;
import dev.slipway.backup.policy.PolicyRegistry;
import dev.slipway.backup.policy.PolicyStore;
import dev.slipway.backup.policy.RetentionRules;
import dev.slipway.backup.policy.RetentionSweep;
import dev.slipway.backup.postgres.DatabaseTarget;
import dev.slipway.backup.postgres.PostgresTools;
import dev.slipway.backup.restore.ArchiveRestore;
import dev.slipway.backup.restore.Restorer;
import dev.slipway.backup.secret.KubernetesPasswords;
import dev.slipway.backup.secret.PasswordSource;
import dev.slipway.backup.storage.BackupBucket;
import dev.slipway.backup.storage.BackupKeys;
import dev.slipway.contracts.SecretValue;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Wires the plain-Java backup machinery from {@link BackupConfig}. */
@ApplicationScoped
public class BackupBeans {

    private static final Logger LOG = Logger.getLogger(BackupBeans.class);

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    S3Client s3(BackupConfig config) {
        BackupConfig.S3 s3 = config.s3();
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(s3.region()))
                .forcePathStyle(s3.pathStyle())
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        s3.endpoint().ifPresent(builder::endpointOverride);
        if (s3.accessKey().isPresent()) {
            String secret = s3.secretKey().orElseThrow(() -> new IllegalArgumentException(
                    "slipway.backup.s3.secret-key is required with slipway.backup.s3.access-key"));
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    s3.accessKey().get(), secret)));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }

    void closeS3(@Disposes S3Client client) {
        client.close();
    }

    @Produces
    @Singleton
    BackupBucket bucket(S3Client s3, BackupConfig config) {
        return new BackupBucket(s3, config.s3().bucket(), new BackupKeys(config.s3().prefix().orElse("")),
                config.s3().partSize());
    }

    /**
     * The keyring from configuration. A key without an id (or the reverse) stops the service at start; no key at
     * all leaves it running but refusing every backup, so a forgotten key shows as failed backups, not as plaintext.
     */
    @Produces
    @Singleton
    Keyring keyring(BackupConfig config) {
        BackupConfig.Encryption encryption = config.encryption();
        EncryptionKey current = null;
        if (encryption.key().isPresent() || encryption.keyId().isPresent()) {
            String id = encryption.keyId().orElseThrow(() -> new IllegalArgumentException(
                    "slipway.backup.encryption.key-id is required with slipway.backup.encryption.key"));
            String key = encryption.key().orElseThrow(() -> new IllegalArgumentException(
                    "slipway.backup.encryption.key is required with slipway.backup.encryption.key-id"));
            current = EncryptionKey.fromBase64(id, SecretValue.of(key));
        }
        List<EncryptionKey> older = new ArrayList<>();
        encryption.previousKeys().forEach((id, key) -> older.add(EncryptionKey.fromBase64(id, SecretValue.of(key))));
        if (current == null) {
            LOG.warn("no encryption key is configured (slipway.backup.encryption.key): every backup will be refused");
        } else {
            LOG.infof("backups are encrypted with key '%s'", current.id());
        }
        return Keyring.of(current, older);
    }

    @Produces
    @Singleton
    PostgresTools postgresTools(BackupConfig config) {
        return new PostgresTools(config.postgres().binDir(), config.postgres().connectTimeout());
    }

    @Produces
    @Singleton
    Dumper dumper(PostgresTools tools, BackupBucket bucket, Keyring keyring, Clock clock, BackupConfig config) {
        return new Dumper(tools, bucket, keyring, clock, config.timeout());
    }

    @Produces
    @Singleton
    RestoreDrill drill(PostgresTools tools, BackupBucket bucket, Keyring keyring, Clock clock, BackupConfig config) {
        return new RestoreDrill(tools, bucket, keyring, clock, config.drill().timeout());
    }

    @Produces
    @Singleton
    PasswordSource passwords(KubernetesClient kubernetes) {
        return new KubernetesPasswords(kubernetes);
    }

    @Produces
    @Singleton
    Restorer restorer(PostgresTools tools, BackupBucket bucket, Keyring keyring, Clock clock, BackupConfig config) {
        return new Restorer(tools, new ArchiveRestore(bucket, keyring), clock, config.restore().timeout());
    }

    @Produces
    @Singleton
    BackupJob job(Dumper dumper, RestoreDrill drill, BackupBucket bucket, PasswordSource passwords, Clock clock,
            BackupConfig config) {
        BackupConfig.Drill settings = config.drill();
        BackupJob.DrillServers servers;
        if (settings.host().isPresent()) {
            DatabaseTarget fixed = new DatabaseTarget(settings.host().get(), settings.port(), settings.database(),
                    settings.user().orElseThrow(() -> new IllegalArgumentException(
                            "slipway.backup.drill.user is required with slipway.backup.drill.host")),
                    SecretValue.of(settings.password().orElse("")));
            servers = source -> fixed;
        } else {
            servers = source -> source.withDatabase(settings.database());
        }
        return new BackupJob(dumper, drill, bucket, passwords, servers, clock);
    }

    @Produces
    @Singleton
    PolicyRegistry policies() {
        return new PolicyRegistry();
    }

    @Produces
    @Singleton
    PolicyStore policyStore(BackupBucket bucket) {
        return new PolicyStore(bucket);
    }

    @Produces
    @Singleton
    RetentionSweep retentionSweep(BackupBucket bucket, BackupConfig config) {
        BackupConfig.Retention retention = config.retention();
        RetentionRules.Counts defaults = new RetentionRules.Counts(retention.keepLast(), retention.keepDaily(),
                retention.keepWeekly());
        Map<String, RetentionRules.Counts> staticCounts = new HashMap<>();
        config.staticDatabases().forEach((name, db) -> staticCounts.put(name, new RetentionRules.Counts(
                db.keepLast().orElse(defaults.keepLast()), db.keepDaily().orElse(defaults.keepDaily()),
                db.keepWeekly().orElse(defaults.keepWeekly()))));
        return new RetentionSweep(bucket, new RetentionRules(defaults, staticCounts), retention.abandonedAfter());
    }
}

package dev.slipway.backup.support;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.slipway.auth.TokenRegistry;
import dev.slipway.testkit.postgres.Postgres;
import dev.slipway.testkit.s3.S3;

/**
 * Points backup-service at the testkit's s3proxy (a fresh bucket) and PostgreSQL cluster (its programs, and its
 * superuser for restore drills), with a random encryption key and three API tokens.
 */
public class BackupTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "slipway-backups-test";
    public static final String KEY_ID = "test-key";
    public static final String VIEWER_TOKEN = "viewer-token";
    public static final String SRE_TOKEN = "sre-token";
    public static final String ADMIN_TOKEN = "admin-token";

    @Override
    public Map<String, String> start() {
        S3 s3 = S3.shared();
        s3.createBucket(BUCKET);
        Postgres postgres = Postgres.shared();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> config = new HashMap<>();
        config.put("slipway.backup.s3.endpoint", s3.endpoint().toString());
        config.put("slipway.backup.s3.region", s3.region());
        config.put("slipway.backup.s3.bucket", BUCKET);
        config.put("slipway.backup.s3.prefix", "backups/");
        config.put("slipway.backup.s3.access-key", s3.accessKey());
        config.put("slipway.backup.s3.secret-key", s3.secretKey());
        config.put("slipway.backup.s3.path-style", "true");
        config.put("slipway.backup.s3.part-size", Integer.toString(Buckets.PART_SIZE));
        config.put("slipway.backup.encryption.key-id", KEY_ID);
        config.put("slipway.backup.encryption.key", Base64.getEncoder().encodeToString(key));
        config.put("slipway.backup.postgres.bin-dir", postgres.program("pg_dump").getParent().toString());
        config.put("slipway.backup.drill.host", postgres.host());
        config.put("slipway.backup.drill.port", Integer.toString(postgres.port()));
        config.put("slipway.backup.drill.user", postgres.username());
        config.put("slipway.backup.drill.password", postgres.password());
        token(config, "test-viewer", "viewer", VIEWER_TOKEN);
        token(config, "test-sre", "sre", SRE_TOKEN);
        token(config, "test-admin", "admin", ADMIN_TOKEN);
        return config;
    }

    private static void token(Map<String, String> config, String name, String role, String token) {
        config.put("slipway.api.tokens." + name + ".role", role);
        config.put("slipway.api.tokens." + name + ".sha256", TokenRegistry.digestOf(token));
    }

    @Override
    public void stop() {
    }
}

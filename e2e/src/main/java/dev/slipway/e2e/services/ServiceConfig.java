package dev.slipway.e2e.services;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration each service gets in a local installation: its own port on 127.0.0.1, the servers of the
 * {@link Infrastructure}, the {@link Credentials}, and the {@link Tuning}. Everything else keeps the service's own
 * defaults. Each entry is a system property ({@code -Dkey=value}); each is also an environment-overridable key of the
 * service.
 */
public final class ServiceConfig {

    /** The databases of the services that keep state in PostgreSQL. */
    public static final String GATEWAY_DATABASE = "slipway_gateway";
    public static final String SECRETS_DATABASE = "slipway_secrets";

    private ServiceConfig() {
    }

    /**
     * @param work the service's own directory for scratch files
     * @param sealingKey a PKCS#8 PEM RSA key for secrets-service to adopt, or null to let it generate one
     */
    public static Map<String, String> properties(Service service, int port, Infrastructure infra,
            Credentials credentials, Tuning tuning, Path work, Path sealingKey) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("quarkus.http.host", "127.0.0.1");
        p.put("quarkus.http.port", Integer.toString(port));
        p.put("kafka.bootstrap.servers", infra.kafkaBootstrap());
        p.put("java.io.tmpdir", work.resolve("tmp").toString());
        p.put("quarkus.log.category.\"org.apache.kafka\".level", "WARN");
        if (service.usesKubernetes()) {
            kubernetes(p, infra.kubernetes());
        }
        if (service.hasApi()) {
            // One admin token for the local installation; each role includes the ones below it.
            p.put("slipway.api.tokens.local-admin.role", "admin");
            p.put("slipway.api.tokens.local-admin.sha256", Credentials.sha256(credentials.adminToken()));
        }
        switch (service) {
            case GATEWAY -> {
                p.put("slipway.gateway.secret-key", credentials.gatewayKey());
                p.put("quarkus.datasource.jdbc.url", infra.database().jdbcUrl(GATEWAY_DATABASE));
                p.put("quarkus.datasource.username", infra.database().user());
                p.put("quarkus.datasource.password", infra.database().password());
            }
            case BUILD -> {
                p.put("slipway.build.registry.address", infra.registry());
                p.put("slipway.build.registry.insecure", "true");
                // The sample repository is a local git repository.
                p.put("slipway.build.git.allowed-schemes", "file,https,http");
                p.put("slipway.build.work-directory", work.resolve("work").toString());
                p.put("slipway.build.cache-directory", work.resolve("cache").toString());
            }
            case CHART -> {
                p.put("slipway.chart.registry", infra.registry());
                p.put("slipway.chart.plain-http", "true");
                p.put("slipway.chart.work-dir", work.resolve("charts").toString());
                p.put("jna.tmpdir", work.resolve("tmp").toString());
            }
            case DEPLOY -> {
                p.put("slipway.deploy.instance-id", "deploy-local");
                p.put("slipway.deploy.tick-interval", millis(tuning.deployTick()));
                p.put("slipway.deploy.canary.interval-unit", millis(tuning.canaryIntervalUnit()));
                p.put("slipway.deploy.helm.plain-http", "true");
                p.put("slipway.deploy.prometheus.url", infra.prometheusUrl());
                p.put("slipway.deploy.retry-backoff", "1s");
                p.put("jna.tmpdir", work.resolve("tmp").toString());
            }
            case SECRETS -> {
                p.put("slipway.secrets.kek.active", "local");
                p.put("slipway.secrets.kek.keys", "local:" + credentials.kek());
                if (sealingKey != null) {
                    p.put("slipway.secrets.sealing.private-key-file", sealingKey.toString());
                }
                p.put("quarkus.datasource.jdbc.url", infra.database().jdbcUrl(SECRETS_DATABASE));
                p.put("quarkus.datasource.username", infra.database().user());
                p.put("quarkus.datasource.password", infra.database().password());
            }
            case BACKUP -> {
                Infrastructure.S3Endpoint s3 = infra.s3();
                p.put("slipway.backup.s3.endpoint", s3.endpoint().toString());
                p.put("slipway.backup.s3.region", s3.region());
                p.put("slipway.backup.s3.bucket", s3.bucket());
                p.put("slipway.backup.s3.access-key", s3.accessKey());
                p.put("slipway.backup.s3.secret-key", s3.secretKey());
                p.put("slipway.backup.s3.path-style", "true");
                p.put("slipway.backup.encryption.key-id", "local");
                p.put("slipway.backup.encryption.key", credentials.backupKey());
                p.put("slipway.backup.postgres.bin-dir", infra.database().binDir().toString());
                // Restore drills create their scratch databases on the same server, as its superuser.
                p.put("slipway.backup.drill.host", infra.database().host());
                p.put("slipway.backup.drill.port", Integer.toString(infra.database().port()));
                p.put("slipway.backup.drill.user", infra.database().user());
                p.put("slipway.backup.drill.password", infra.database().password());
            }
        }
        return p;
    }

    /** Environment variables of the service's process. */
    public static Map<String, String> environment(Service service, Infrastructure infra, Path work) {
        Map<String, String> env = new LinkedHashMap<>();
        // Helm (chart-service, deploy-service) keeps its registry configuration and cache under HOME.
        env.put("HOME", work.resolve("home").toString());
        if (service.usesKubernetes() && infra.kubernetes().kubeconfig() != null) {
            env.put("KUBECONFIG", infra.kubernetes().kubeconfig().toString());
        }
        return env;
    }

    private static void kubernetes(Map<String, String> p, Infrastructure.Kubernetes kubernetes) {
        if (kubernetes.apiServerUrl() != null) {
            p.put("quarkus.kubernetes-client.api-server-url", kubernetes.apiServerUrl());
            p.put("quarkus.kubernetes-client.trust-certs", "true");
        }
    }

    private static String millis(java.time.Duration duration) {
        return duration.toMillis() + "ms";
    }
}

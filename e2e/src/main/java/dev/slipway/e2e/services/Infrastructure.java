package dev.slipway.e2e.services;

import java.net.URI;
import java.nio.file.Path;

import dev.slipway.testkit.postgres.Postgres;
import dev.slipway.testkit.registry.OciRegistry;
import dev.slipway.testkit.s3.S3;

/**
 * Where the servers the services use are.
 *
 * @param kafkaBootstrap {@code host:port} of the Kafka broker
 * @param registry {@code host:port} of the OCI registry (plain HTTP)
 * @param database the PostgreSQL server holding the gateway's and secrets-service's databases
 * @param s3 the S3 endpoint for backups
 * @param prometheusUrl the Prometheus that canary analysis queries
 * @param kubernetes the Kubernetes API
 */
public record Infrastructure(String kafkaBootstrap, String registry, Database database, S3Endpoint s3,
        String prometheusUrl, Kubernetes kubernetes) {

    /**
     * The servers testkit started, for services that reach Kubernetes at {@code apiServerUrl}: creates the bucket for
     * backups and the gateway's and secrets-service's databases.
     */
    public static Infrastructure of(String kafkaBootstrap, OciRegistry registry, Postgres postgres, S3 s3,
            String bucket, String prometheusUrl, String apiServerUrl) {
        s3.createBucket(bucket);
        postgres.createDatabase(ServiceConfig.GATEWAY_DATABASE);
        postgres.createDatabase(ServiceConfig.SECRETS_DATABASE);
        return new Infrastructure(kafkaBootstrap, registry.address(),
                new Database(postgres.host(), postgres.port(), postgres.username(), postgres.password(),
                        postgres.program("pg_dump").getParent()),
                new S3Endpoint(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(), bucket), prometheusUrl,
                Kubernetes.apiServer(apiServerUrl));
    }

    /**
     * @param binDir where {@code pg_dump} and {@code pg_restore} of the server's version are
     */
    public record Database(String host, int port, String user, String password, Path binDir) {

        public String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    public record S3Endpoint(URI endpoint, String region, String accessKey, String secretKey, String bucket) {
    }

    /**
     * Either an API server URL (a simulated cluster) or a kubeconfig file.
     */
    public record Kubernetes(String apiServerUrl, Path kubeconfig) {

        public static Kubernetes apiServer(String url) {
            return new Kubernetes(url, null);
        }

        public static Kubernetes kubeconfig(Path file) {
            return new Kubernetes(null, file);
        }
    }
}

package dev.slipway.install.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

import dev.slipway.install.chart.support.DocumentedConfig;
import dev.slipway.install.chart.support.Manifests;
import dev.slipway.install.chart.support.SlipwayChart;

/** Values become the environment variables the services read; credentials only ever by Secret reference. */
class ConfigurationTest {

    /** Variables whose value is a credential: they must come from a Secret. */
    private static final Pattern CREDENTIAL = Pattern.compile(
            ".*(PASSWORD|_SECRET_KEY|_ACCESS_KEY|_ENCRYPTION_KEY|_PREVIOUS_KEYS_[A-Z0-9]+|_JAAS_CONFIG|_SHA256|_DB_USER"
                    + "|_DATASOURCE_USERNAME|_REGISTRY_USERNAME|_GIT_USERNAME|_PASSPHRASE)");

    private final Manifests defaults = SlipwayChart.render(Map.of());
    private final Manifests production = SlipwayChart.render(SlipwayChart.values("production"));

    @Test
    void everySlipwayVariableIsOneTheServiceDocuments() {
        for (Manifests manifests : List.of(defaults, production)) {
            for (String key : SlipwayChart.SERVICES) {
                String service = key + "-service";
                DocumentedConfig documented = DocumentedConfig.of(service);
                for (EnvVar env : manifests.container(key).getEnv()) {
                    if (env.getName().startsWith("SLIPWAY_") || env.getName().startsWith("QUARKUS_")) {
                        assertThat(documented.documents(env.getName()))
                                .as(service + " documents " + env.getName()).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void everyKafkaVariableIsAKafkaClientSetting() {
        Set<String> settings = Stream.concat(ConsumerConfig.configNames().stream(),
                ProducerConfig.configNames().stream()).collect(Collectors.toSet());

        for (String key : SlipwayChart.SERVICES) {
            for (EnvVar env : production.container(key).getEnv()) {
                if (env.getName().startsWith("KAFKA_")) {
                    String setting = env.getName().substring("KAFKA_".length()).toLowerCase(Locale.ROOT)
                            .replace('_', '.');
                    assertThat(settings).as(env.getName()).contains(setting);
                }
            }
        }
    }

    @Test
    void noCredentialIsRenderedInline() {
        for (Manifests manifests : List.of(defaults, production)) {
            assertThat(manifests.all(Secret.class)).as("the chart renders no Secret").isEmpty();
            for (String key : SlipwayChart.SERVICES) {
                for (EnvVar env : manifests.container(key).getEnv()) {
                    if (CREDENTIAL.matcher(env.getName()).matches()) {
                        assertThat(env.getValue()).as(env.getName() + " has no inline value").isNull();
                        assertThat(env.getValueFrom().getSecretKeyRef()).as(env.getName() + " comes from a Secret")
                                .isNotNull();
                    }
                }
            }
        }
    }

    @Test
    void credentialsComeFromTheSecretsNamedInValues() {
        Set<String> referenced = SlipwayChart.SERVICES.stream()
                .flatMap(key -> Stream.concat(
                        production.container(key).getEnv().stream().map(EnvVar::getValueFrom)
                                .filter(Objects::nonNull).map(v -> v.getSecretKeyRef().getName()),
                        production.deployment(key).getSpec().getTemplate().getSpec().getVolumes().stream()
                                .map(Volume::getSecret).filter(Objects::nonNull).map(s -> s.getSecretName())))
                .collect(Collectors.toSet());

        assertThat(referenced).containsExactlyInAnyOrder("slipway-kafka-user", "kafka-cluster-ca-cert",
                "slipway-gateway", "slipway-gateway-db", "slipway-api-tokens", "slipway-api-token-file",
                "slipway-registry", "slipway-git", "slipway-git-ssh", "slipway-secrets-db", "slipway-secrets-kek",
                "slipway-sealing-key",
                "slipway-s3", "slipway-backup-key", "slipway-drill-db", "slipway-backup-db");
    }

    @Test
    void everyServiceFindsKafka() {
        for (String key : SlipwayChart.SERVICES) {
            Container container = production.container(key);
            assertThat(value(container, "KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka-kafka-bootstrap.kafka:9093");
            assertThat(value(container, "KAFKA_SECURITY_PROTOCOL")).isEqualTo("SASL_SSL");
            assertThat(value(container, "KAFKA_SASL_MECHANISM")).isEqualTo("SCRAM-SHA-512");
            assertThat(secretRef(container, "KAFKA_SASL_JAAS_CONFIG")).isEqualTo("slipway-kafka-user/sasl.jaas.config");
            assertThat(value(container, "KAFKA_SSL_TRUSTSTORE_LOCATION")).isEqualTo("/etc/slipway/kafka-ca/ca.crt");
            assertThat(container.getVolumeMounts()).extracting(VolumeMount::getMountPath)
                    .contains("/etc/slipway/kafka-ca");
        }
        Container plain = defaults.container("chart");
        assertThat(value(plain, "KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
        assertThat(plain.getEnv()).extracting(EnvVar::getName).doesNotContain("KAFKA_SECURITY_PROTOCOL",
                "KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_LOCATION");
    }

    @Test
    void gatewayAndSecretsServiceUseSlipwaysPostgresql() {
        String url = "jdbc:postgresql://slipway-db.databases.svc:5432/slipway?sslmode=verify-full";

        Container gateway = production.container("gateway");
        assertThat(value(gateway, "SLIPWAY_GATEWAY_DB_URL")).isEqualTo(url);
        assertThat(secretRef(gateway, "SLIPWAY_GATEWAY_DB_USER")).isEqualTo("slipway-gateway-db/username");
        assertThat(secretRef(gateway, "SLIPWAY_GATEWAY_DB_PASSWORD")).isEqualTo("slipway-gateway-db/password");
        assertThat(secretRef(gateway, "SLIPWAY_GATEWAY_SECRET_KEY")).isEqualTo("slipway-gateway/secret-key");

        Container secrets = production.container("secrets");
        assertThat(value(secrets, "QUARKUS_DATASOURCE_JDBC_URL")).isEqualTo(url);
        assertThat(secretRef(secrets, "QUARKUS_DATASOURCE_PASSWORD")).isEqualTo("slipway-secrets-db/password");

        assertThat(value(defaults.container("gateway"), "SLIPWAY_GATEWAY_DB_URL"))
                .isEqualTo("jdbc:postgresql://postgres:5432/slipway");
        for (String key : List.of("build", "chart", "deploy", "backup")) {
            assertThat(production.container(key).getEnv()).extracting(EnvVar::getName)
                    .noneMatch(n -> n.contains("DB_") || n.contains("DATASOURCE"));
        }
    }

    @Test
    void buildChartAndDeployUseTheRegistry() {
        Container build = production.container("build");
        assertThat(value(build, "SLIPWAY_BUILD_REGISTRY_ADDRESS")).isEqualTo("registry.example.com");
        assertThat(value(build, "SLIPWAY_BUILD_REGISTRY_NAMESPACE")).isEqualTo("apps");
        assertThat(secretRef(build, "SLIPWAY_BUILD_REGISTRY_PASSWORD")).isEqualTo("slipway-registry/password");
        assertThat(secretRef(build, "SLIPWAY_BUILD_GIT_PASSWORD")).isEqualTo("slipway-git/password");
        assertThat(value(build, "SLIPWAY_BUILD_CONCURRENCY")).isEqualTo("4");

        Container chart = production.container("chart");
        assertThat(value(chart, "SLIPWAY_CHART_REGISTRY")).isEqualTo("registry.example.com");
        assertThat(value(chart, "SLIPWAY_CHART_REPOSITORY_PATH")).isEqualTo("charts");
        assertThat(value(chart, "SLIPWAY_CHART_PLAIN_HTTP")).isEqualTo("false");

        Container deploy = production.container("deploy");
        assertThat(value(deploy, "SLIPWAY_DEPLOY_HELM_PLAIN_HTTP")).isEqualTo("false");
        assertThat(value(deploy, "SLIPWAY_DEPLOY_PROMETHEUS_URL"))
                .isEqualTo("http://prometheus-operated.monitoring:9090");
        assertThat(value(deploy, "SLIPWAY_DEPLOY_HELM_KUBE_VERSION")).isEqualTo("1.30.0");
        assertThat(value(deploy, "SLIPWAY_DEPLOY_GATEWAY_PARENT_REFS")).isEqualTo("gateways/public");

        assertThat(value(defaults.container("chart"), "SLIPWAY_CHART_REGISTRY")).isEqualTo("registry:5000");
        assertThat(defaults.container("build").getEnv()).extracting(EnvVar::getName)
                .doesNotContain("SLIPWAY_BUILD_REGISTRY_PASSWORD", "SLIPWAY_BUILD_GIT_PASSWORD");
    }

    @Test
    void buildServiceReadsItsSshKeyAndKnownHostsFromAMountedSecret() {
        Container build = production.container("build");
        assertThat(value(build, "SLIPWAY_BUILD_GIT_SSH_PRIVATE_KEY_FILE")).isEqualTo("/etc/slipway/git-ssh/id");
        assertThat(value(build, "SLIPWAY_BUILD_GIT_SSH_KNOWN_HOSTS_FILE"))
                .isEqualTo("/etc/slipway/git-ssh/known_hosts");
        assertThat(secretRef(build, "SLIPWAY_BUILD_GIT_SSH_PASSPHRASE")).isEqualTo("slipway-git-ssh/passphrase");
        assertThat(build.getVolumeMounts()).filteredOn(m -> m.getName().equals("git-ssh")).singleElement()
                .satisfies(m -> {
                    assertThat(m.getMountPath()).isEqualTo("/etc/slipway/git-ssh");
                    assertThat(m.getReadOnly()).isTrue();
                });
        Volume volume = production.deployment("build").getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("git-ssh")).findFirst().orElseThrow();
        assertThat(volume.getSecret().getSecretName()).isEqualTo("slipway-git-ssh");
        assertThat(volume.getSecret().getDefaultMode()).isEqualTo(0440);
        assertThat(volume.getSecret().getItems()).extracting(i -> i.getKey() + "->" + i.getPath())
                .containsExactly("ssh-privatekey->id", "known_hosts->known_hosts");

        Container plain = defaults.container("build");
        assertThat(plain.getEnv()).extracting(EnvVar::getName).noneMatch(n -> n.startsWith("SLIPWAY_BUILD_GIT_SSH"));
        assertThat(plain.getVolumeMounts()).extracting(VolumeMount::getName).doesNotContain("git-ssh");
    }

    @Test
    void backupServiceUsesS3AndItsEncryptionKeys() {
        Container backup = production.container("backup");

        assertThat(value(backup, "SLIPWAY_BACKUP_S3_ENDPOINT")).isEqualTo("https://s3.eu-central-1.amazonaws.com");
        assertThat(value(backup, "SLIPWAY_BACKUP_S3_BUCKET")).isEqualTo("acme-slipway-backups");
        assertThat(value(backup, "SLIPWAY_BACKUP_S3_PREFIX")).isEqualTo("slipway/");
        assertThat(secretRef(backup, "SLIPWAY_BACKUP_S3_ACCESS_KEY")).isEqualTo("slipway-s3/accessKey");
        assertThat(secretRef(backup, "SLIPWAY_BACKUP_S3_SECRET_KEY")).isEqualTo("slipway-s3/secretKey");
        assertThat(value(backup, "SLIPWAY_BACKUP_ENCRYPTION_KEY_ID")).isEqualTo("key2026");
        assertThat(secretRef(backup, "SLIPWAY_BACKUP_ENCRYPTION_KEY")).isEqualTo("slipway-backup-key/key2026");
        assertThat(secretRef(backup, "SLIPWAY_BACKUP_ENCRYPTION_PREVIOUS_KEYS_KEY2025"))
                .isEqualTo("slipway-backup-key/key2025");
        assertThat(secretRef(backup, "SLIPWAY_BACKUP_DRILL_PASSWORD")).isEqualTo("slipway-drill-db/password");

        Container plain = defaults.container("backup");
        assertThat(plain.getEnv()).extracting(EnvVar::getName).doesNotContain("SLIPWAY_BACKUP_S3_ENDPOINT",
                "SLIPWAY_BACKUP_S3_ACCESS_KEY", "SLIPWAY_BACKUP_DRILL_HOST");
    }

    @Test
    void slipwaysOwnDatabaseIsAStaticBackupPolicy() {
        Container backup = production.container("backup");

        assertThat(value(backup, "SLIPWAY_BACKUP_STATIC_SLIPWAY_HOST")).isEqualTo("slipway-db.databases.svc");
        assertThat(value(backup, "SLIPWAY_BACKUP_STATIC_SLIPWAY_NAME")).isEqualTo("slipway");
        assertThat(value(backup, "SLIPWAY_BACKUP_STATIC_SLIPWAY_USER")).isEqualTo("slipway_backup");
        assertThat(secretRef(backup, "SLIPWAY_BACKUP_STATIC_SLIPWAY_PASSWORD")).isEqualTo("slipway-backup-db/password");
        assertThat(value(backup, "SLIPWAY_BACKUP_STATIC_SLIPWAY_SCHEDULE")).isEqualTo("0 2 * * *");
        assertThat(value(backup, "SLIPWAY_BACKUP_STATIC_SLIPWAY_RETENTION_DAYS")).isEqualTo("14");
        assertThat(value(backup, "SLIPWAY_BACKUP_STATIC_SLIPWAY_VERIFY")).isEqualTo("EVERY");
    }

    @Test
    void secretsServiceReadsItsKeyringAndTokensAsMountedFiles() {
        Container secrets = production.container("secrets");

        assertThat(value(secrets, "SLIPWAY_SECRETS_KEK_ACTIVE")).isEqualTo("kek2026");
        assertThat(value(secrets, "SLIPWAY_SECRETS_KEK_FILE")).isEqualTo("/etc/slipway/kek/keyring");
        assertThat(value(secrets, "SLIPWAY_SECRETS_SEALING_PRIVATE_KEY_FILE"))
                .isEqualTo("/etc/slipway/sealing/sealing-key.pem");
        assertThat(secrets.getVolumeMounts()).filteredOn(m -> m.getMountPath().startsWith("/etc/slipway/"))
                .allSatisfy(m -> assertThat(m.getReadOnly()).isTrue()).hasSize(4)
                .extracting(VolumeMount::getMountPath).containsExactlyInAnyOrder("/etc/slipway/kafka-ca",
                        "/etc/slipway/api-tokens", "/etc/slipway/kek", "/etc/slipway/sealing");
        assertThat(production.deployment("secrets").getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> "kek".equals(v.getName())).singleElement().satisfies(v -> {
                    assertThat(v.getSecret().getSecretName()).isEqualTo("slipway-secrets-kek");
                    assertThat(v.getSecret().getItems()).singleElement()
                            .satisfies(item -> assertThat(item.getPath()).isEqualTo("keyring"));
                });
    }

    @Test
    void theServicesWithAnApiShareItsTokensByHashOnly() {
        for (String key : List.of("gateway", "secrets", "backup")) {
            Container container = production.container(key);
            assertThat(value(container, "SLIPWAY_API_TOKENS_CI_ROLE")).isEqualTo("sre");
            assertThat(secretRef(container, "SLIPWAY_API_TOKENS_CI_SHA256")).isEqualTo("slipway-api-tokens/ci");
            assertThat(value(container, "SLIPWAY_API_TOKENS_ONCALL_ROLE")).isEqualTo("admin");
            assertThat(value(container, "SLIPWAY_API_TOKENS_FILE")).isEqualTo("/etc/slipway/api-tokens/tokens");
            assertThat(production.deployment(key).getSpec().getTemplate().getSpec().getVolumes())
                    .filteredOn(v -> "api-tokens".equals(v.getName())).singleElement()
                    .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("slipway-api-token-file"));
        }
        for (String key : List.of("build", "chart", "deploy")) {
            assertThat(production.container(key).getEnv()).extracting(EnvVar::getName)
                    .noneMatch(n -> n.startsWith("SLIPWAY_API_TOKENS"));
        }
    }

    @Test
    void noServiceIsGivenATokenKeyItRefusesAtStart() {
        Pattern renamed = Pattern.compile("SLIPWAY_(GATEWAY_API_TOKENS|BACKUP_API_TOKENS|SECRETS_AUTH_TOKENS).*");

        for (String key : SlipwayChart.SERVICES) {
            assertThat(production.container(key).getEnv()).extracting(EnvVar::getName)
                    .noneMatch(n -> renamed.matcher(n).matches());
        }
    }

    @Test
    void extraPlainSettingsReachTheirService() {
        assertThat(value(production.container("gateway"), "SLIPWAY_GATEWAY_SUBSCRIPTIONS_MAX_ATTEMPTS")).isEqualTo("8");
        assertThat(production.container("build").getEnv()).extracting(EnvVar::getName)
                .doesNotContain("SLIPWAY_GATEWAY_SUBSCRIPTIONS_MAX_ATTEMPTS");
    }

    private static EnvVar env(Container container, String name) {
        List<EnvVar> matches = container.getEnv().stream().filter(e -> name.equals(e.getName())).toList();
        assertThat(matches).as(container.getName() + " sets " + name + " once").hasSize(1);
        return matches.get(0);
    }

    private static String value(Container container, String name) {
        return env(container, name).getValue();
    }

    private static String secretRef(Container container, String name) {
        EnvVar env = env(container, name);
        assertThat(env.getValue()).as(name).isNull();
        var ref = env.getValueFrom().getSecretKeyRef();
        return ref.getName() + "/" + ref.getKey();
    }
}

package dev.slipway.e2e.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ServiceConfigTest {

    private static final Path WORK = Path.of("/tmp/slipway-work");

    private final Credentials credentials = Credentials.generate();

    private static Infrastructure infra(Infrastructure.Kubernetes kubernetes) {
        return new Infrastructure("127.0.0.1:9092", "127.0.0.1:5000",
                new Infrastructure.Database("127.0.0.1", 5433, "postgres", "postgres", Path.of("/usr/lib/pg/bin")),
                new Infrastructure.S3Endpoint(URI.create("http://127.0.0.1:9000"), "us-east-1", "key", "secret",
                        "slipway-backups"),
                "http://127.0.0.1:9090", kubernetes);
    }

    private Map<String, String> properties(Service service, Infrastructure infra) {
        return ServiceConfig.properties(service, 8100 + service.ordinal(), infra, credentials, Tuning.fast(),
                WORK.resolve(service.module()), null);
    }

    @Test
    void everyServiceListensOnItsOwnLoopbackPortAndUsesTheBroker() {
        Infrastructure infra = infra(Infrastructure.Kubernetes.apiServer("http://127.0.0.1:6443/"));
        for (Service service : Service.values()) {
            Map<String, String> properties = properties(service, infra);
            assertThat(properties).containsEntry("quarkus.http.host", "127.0.0.1")
                    .containsEntry("quarkus.http.port", Integer.toString(8100 + service.ordinal()))
                    .containsEntry("kafka.bootstrap.servers", "127.0.0.1:9092");
        }
    }

    @Test
    void tokensAndKeysReachTheServicesOnlyWhereNeededAndTokensOnlyAsDigests() {
        Infrastructure infra = infra(Infrastructure.Kubernetes.apiServer("http://127.0.0.1:6443/"));
        for (Service service : Service.values()) {
            Map<String, String> properties = properties(service, infra);
            assertThat(properties.values()).doesNotContain(credentials.adminToken(), credentials.webhookSecret());
            if (service.hasApi()) {
                assertThat(properties).containsEntry("slipway.api.tokens.local-admin.sha256",
                        Credentials.sha256(credentials.adminToken()));
            } else {
                assertThat(properties.keySet()).noneMatch(key -> key.contains("tokens"));
            }
        }
        assertThat(properties(Service.BUILD, infra).values()).doesNotContain(credentials.gatewayKey(),
                credentials.kek(), credentials.backupKey());
        assertThat(properties(Service.SECRETS, infra).get("slipway.secrets.kek.keys"))
                .isEqualTo("local:" + credentials.kek());
    }

    @Test
    void onlyTheServicesThatUseKubernetesAreToldWhereItIs() {
        Infrastructure infra = infra(Infrastructure.Kubernetes.apiServer("http://127.0.0.1:6443/"));
        assertThat(properties(Service.DEPLOY, infra)).containsEntry("quarkus.kubernetes-client.api-server-url",
                "http://127.0.0.1:6443/");
        assertThat(properties(Service.SECRETS, infra)).containsKey("quarkus.kubernetes-client.api-server-url");
        assertThat(properties(Service.BACKUP, infra)).containsKey("quarkus.kubernetes-client.api-server-url");
        assertThat(properties(Service.BUILD, infra)).doesNotContainKey("quarkus.kubernetes-client.api-server-url");
    }

    @Test
    void aKubeconfigIsPassedAsKubeconfigAndNoApiServerUrlOverridesIt() {
        Infrastructure infra = infra(Infrastructure.Kubernetes.kubeconfig(Path.of("/home/sre/.kube/config")));
        assertThat(properties(Service.DEPLOY, infra)).doesNotContainKey("quarkus.kubernetes-client.api-server-url");
        assertThat(ServiceConfig.environment(Service.DEPLOY, infra, WORK))
                .containsEntry("KUBECONFIG", "/home/sre/.kube/config");
        assertThat(ServiceConfig.environment(Service.BUILD, infra, WORK)).doesNotContainKey("KUBECONFIG");
    }

    @Test
    void credentialsAreFreshForEveryInstallation() {
        Credentials other = Credentials.generate();
        assertThat(other.adminToken()).isNotEqualTo(credentials.adminToken());
        assertThat(other.kek()).isNotEqualTo(credentials.kek());
        assertThat(java.util.Base64.getDecoder().decode(credentials.backupKey())).hasSize(32);
        assertThat(credentials.toString()).doesNotContain(credentials.adminToken());
    }
}

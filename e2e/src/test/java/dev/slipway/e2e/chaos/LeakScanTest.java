package dev.slipway.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.slipway.testkit.kubernetes.MockKubernetes;

class LeakScanTest {

    private static final String VALUE = "chaos-canary-0123456789ab";
    private static final String BASE64 = Base64.getEncoder().encodeToString(VALUE.getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    @Test
    void findsTheValueOrItsBase64InLogFilesAndNowhereElse() throws IOException {
        Files.createDirectories(dir.resolve("logs/old"));
        Files.writeString(dir.resolve("logs/gateway-service.log"), "started\nall well\n");
        Files.writeString(dir.resolve("logs/deploy-service.log"), "applied\nvalue=" + VALUE + "\n");
        Files.writeString(dir.resolve("logs/old/secrets-service.log"), "synced " + BASE64 + "\n");
        Files.writeString(dir.resolve("logs/notes.txt"), VALUE);

        List<String> found = new LeakScan(VALUE).inFiles(dir.resolve("logs"), "*.log");

        assertThat(found).containsExactlyInAnyOrder(dir.resolve("logs/deploy-service.log").toString(),
                dir.resolve("logs/old/secrets-service.log").toString());
    }

    @Test
    void aSecretsDataIsWhereTheValueBelongsAnywhereElseInTheClusterIsALeak() throws IOException {
        try (MockKubernetes cluster = MockKubernetes.start()) {
            KubernetesClient client = cluster.client();
            client.secrets().inNamespace("hello-staging").resource(new SecretBuilder().withNewMetadata()
                    .withName("hello-secrets").endMetadata().withData(Map.of("DB_PASSWORD", BASE64)).build())
                    .create();
            client.secrets().inNamespace("hello-staging").resource(new SecretBuilder().withNewMetadata()
                    .withName("annotated").withAnnotations(Map.of("note", VALUE)).endMetadata().build()).create();
            client.configMaps().inNamespace("hello-staging").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("release-state").endMetadata().withData(Map.of("state", gzipped("{\"v\":\"" + VALUE
                            + "\"}")))
                    .build()).create();
            client.configMaps().inNamespace("hello-staging").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("clean").endMetadata().withData(Map.of("a", "b")).build()).create();

            List<String> holding = new ArrayList<>();
            List<String> found = new LeakScan(VALUE).inKubernetes(client, holding);

            assertThat(holding).containsExactly("Secret hello-staging/hello-secrets");
            assertThat(found).containsExactlyInAnyOrder("Secret hello-staging/annotated",
                    "ConfigMap hello-staging/release-state data.state (gzipped)");
        }
    }

    private static String gzipped(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}

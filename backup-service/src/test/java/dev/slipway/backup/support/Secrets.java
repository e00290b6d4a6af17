package dev.slipway.backup.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.slipway.testkit.kubernetes.MockKubernetes;

/** Puts an application's Secret into the mock Kubernetes API, as secrets-service would. */
public final class Secrets {

    private Secrets() {
    }

    public static void put(String namespace, String name, String key, String value) {
        KubernetesClient client = MockKubernetes.shared().client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                .build()).createOr(existing -> existing.update());
        client.secrets().inNamespace(namespace).resource(new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withData(Map.of(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))))
                .build()).createOr(existing -> existing.update());
    }
}

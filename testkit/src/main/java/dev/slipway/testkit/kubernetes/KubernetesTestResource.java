package dev.slipway.testkit.kubernetes;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest}'s Kubernetes client at the {@linkplain MockKubernetes#shared() shared mock API
 * server}.
 *
 * <pre>
 * &#64;WithTestResource(value = KubernetesTestResource.class, initArgs = &#64;ResourceArg(name = KubernetesTestResource.NAMESPACE, value = "shop"))
 * </pre>
 */
public class KubernetesTestResource implements QuarkusTestResourceLifecycleManager {

    /** Init arg: the client's namespace; {@link MockKubernetes#DEFAULT_NAMESPACE} unless given. */
    public static final String NAMESPACE = "namespace";

    private String namespace = MockKubernetes.DEFAULT_NAMESPACE;

    @Override
    public void init(Map<String, String> initArgs) {
        namespace = initArgs.getOrDefault(NAMESPACE, MockKubernetes.DEFAULT_NAMESPACE).trim();
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", MockKubernetes.shared().masterUrl(),
                "quarkus.kubernetes-client.trust-certs", "true",
                "quarkus.kubernetes-client.namespace", namespace,
                "quarkus.kubernetes-client.devservices.enabled", "false");
    }

    /** The shared server outlives each application; it stops when the JVM exits. */
    @Override
    public void stop() {
    }
}

package dev.slipway.testkit.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import dev.slipway.testkit.support.FreePorts;
import dev.slipway.testkit.support.SharedServers;

/**
 * A Kubernetes API for tests: fabric8's mock API server in CRUD mode on a random port of 127.0.0.1 (plain HTTP), with
 * the {@link ServerSideApplyDispatcher} so that server-side apply works and status is a subresource. No controllers
 * run: a test that needs a Deployment to become ready or to fail says so through {@link #simulator()}.
 */
public final class MockKubernetes implements AutoCloseable {

    /** The namespace of {@link #client()} and of the kubeconfig unless another is given. */
    public static final String DEFAULT_NAMESPACE = "slipway-test";

    static final String URL_PROPERTY = "slipway.testkit.kubernetes.url";

    private static volatile MockKubernetes shared;

    private final String masterUrl;
    private final KubernetesMockServer server;
    private KubernetesClient client;

    private MockKubernetes(String masterUrl, KubernetesMockServer server) {
        this.masterUrl = masterUrl;
        this.server = server;
    }

    /**
     * Keeps only warnings of what logs through java.util.logging in this JVM: the API server logs every request it
     * answers there, which at thousands of requests a minute costs more than answering them.
     */
    public static void quietRequestLog() {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.WARNING);
        for (java.util.logging.Handler handler : root.getHandlers()) {
            handler.setLevel(java.util.logging.Level.WARNING);
        }
    }

    /** The API server shared by every test in this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized MockKubernetes shared() {
        if (shared == null) {
            if (SharedServers.startedBySystemClassLoader(MockKubernetes.class)) {
                shared = new MockKubernetes(SharedServers.published(URL_PROPERTY), null);
            } else {
                MockKubernetes kubernetes = start();
                System.setProperty(URL_PROPERTY, kubernetes.masterUrl());
                SharedServers.stopOnExit("kubernetes", kubernetes::stop);
                shared = kubernetes;
            }
        }
        return shared;
    }

    /** An API server of the caller's own; {@link #close()} it. */
    public static MockKubernetes start() {
        return SharedServers.withContextClassLoaderOf(MockKubernetes.class, MockKubernetes::startServer);
    }

    private static MockKubernetes startServer() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
                new MockWebServer(), new HashMap<>(), new ServerSideApplyDispatcher(), false);
        try {
            server.init(InetAddress.getByName(FreePorts.LOOPBACK), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return new MockKubernetes("http://" + FreePorts.LOOPBACK + ":" + server.getPort() + "/", server);
    }

    /** {@code http://127.0.0.1:PORT/}, for {@code quarkus.kubernetes-client.api-server-url}. */
    public String masterUrl() {
        return masterUrl;
    }

    /** A client configuration for this server in {@code namespace}. */
    public Config config(String namespace) {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(masterUrl)
                .withNamespace(namespace)
                .withTrustCerts(true)
                .withHttp2Disable(true)
                .withRequestTimeout(10_000)
                .withConnectionTimeout(5_000)
                .build();
    }

    /** A client of this server in {@link #DEFAULT_NAMESPACE}, shared and closed with the server. */
    public synchronized KubernetesClient client() {
        if (client == null) {
            client = newClient(DEFAULT_NAMESPACE);
        }
        return client;
    }

    /** A new client of this server in {@code namespace}; the caller closes it. */
    public KubernetesClient newClient(String namespace) {
        return new KubernetesClientBuilder().withConfig(config(namespace)).build();
    }

    /** Plays the controllers the mock lacks, through {@link #client()}. */
    public ClusterSimulator simulator() {
        return new ClusterSimulator(client());
    }

    /** A kubeconfig for this server, for code that reads one ({@code KUBECONFIG}, a CLI). */
    public String kubeconfig(String namespace) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: slipway-mock
                    cluster:
                      server: %s
                contexts:
                  - name: slipway-mock
                    context:
                      cluster: slipway-mock
                      namespace: %s
                      user: slipway-mock
                current-context: slipway-mock
                users:
                  - name: slipway-mock
                    user:
                      token: slipway-mock
                """.formatted(masterUrl, namespace);
    }

    /** Writes {@link #kubeconfig(String)} to {@code file} and returns it. */
    public Path writeKubeconfig(Path file, String namespace) {
        try {
            return Files.writeString(file, kubeconfig(namespace));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** Deletes every object, so that a test starts from an empty cluster. */
    public void reset() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(masterUrl).resolve(
                ServerSideApplyDispatcher.RESET_PATH)).timeout(Duration.ofSeconds(5)).DELETE().build();
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Reset answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reset the mock API server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while resetting the mock API server", e);
        }
    }

    /**
     * Stops a server of the caller's own and deletes its data. The {@linkplain #shared() shared} one ignores this: it
     * stops when the JVM exits.
     */
    @Override
    public void close() {
        if (this != shared) {
            stop();
        }
    }

    private synchronized void stop() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (server != null) {
            server.destroy();
        }
    }

    @Override
    public String toString() {
        return "MockKubernetes[" + masterUrl + "]";
    }
}

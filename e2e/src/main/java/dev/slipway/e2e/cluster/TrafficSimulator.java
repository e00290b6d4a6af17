package dev.slipway.e2e.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The requests a simulated cluster's applications serve, as Prometheus would scrape them from the pods: every
 * Deployment with available replicas serves a steady stream of requests, counted in
 * {@code http_requests_total{app,namespace,track,pod,code}} at {@code /metrics}. The {@code pod} label changes with
 * the pod template, so a new rollout starts counting afresh, as new pods do.
 *
 * <p>
 * Nothing fails unless told: {@link #failCanary(String, double)} makes the canary track of an application answer
 * that share of its requests with 500, until {@link #heal(String)}.
 */
public final class TrafficSimulator implements AutoCloseable {

    static final String APP_LABEL = "app.kubernetes.io/name";
    static final String TRACK_LABEL = "slipway.dev/track";
    private static final Duration TICK = Duration.ofMillis(250);
    private static final int REQUESTS_PER_POD_AND_TICK = 5;

    private final KubernetesClient client;
    private final HttpServer server;
    private final Map<Series, double[]> counters = new ConcurrentHashMap<>();
    private final Map<String, Double> canaryErrorRates = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** Labels of one pod template's request counters. */
    record Series(String app, String namespace, String track, String pod) {
    }

    public TrafficSimulator(KubernetesClient client) {
        this.client = client;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/metrics", exchange -> {
            byte[] body = exposition().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        thread = new Thread(this::loop, "simulated-traffic");
        thread.setDaemon(true);
    }

    public TrafficSimulator start() {
        server.start();
        thread.start();
        return this;
    }

    /** {@code 127.0.0.1:PORT}, the scrape target. */
    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on, the canary track of {@code app} answers {@code errorRate} of its requests with 500. */
    public void failCanary(String app, double errorRate) {
        canaryErrorRates.put(app, errorRate);
    }

    /** The canary track of {@code app} answers every request well again. */
    public void heal(String app) {
        canaryErrorRates.remove(app);
    }

    private void loop() {
        while (running) {
            try {
                tick();
            } catch (KubernetesClientException e) {
                // the API server is going away; the next tick looks again
            }
            try {
                Thread.sleep(TICK.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void tick() {
        List<Deployment> deployments = client.apps().deployments().inAnyNamespace().list().getItems();
        Set<Series> serving = new HashSet<>();
        for (Deployment deployment : deployments) {
            Integer available = deployment.getStatus() == null ? null : deployment.getStatus().getAvailableReplicas();
            if (available == null || available == 0) {
                continue;
            }
            Series series = seriesOf(deployment);
            serving.add(series);
            double errorRate = "canary".equals(series.track())
                    ? canaryErrorRates.getOrDefault(series.app(), 0.0)
                    : 0.0;
            double requests = (double) available * REQUESTS_PER_POD_AND_TICK;
            counters.compute(series, (key, counts) -> {
                double[] next = counts == null ? new double[2] : counts;
                next[0] += requests * (1 - errorRate);
                next[1] += requests * errorRate;
                return next;
            });
        }
        // Pods that are gone are no longer scraped.
        counters.keySet().retainAll(serving);
    }

    static Series seriesOf(Deployment deployment) {
        Map<String, String> labels = deployment.getMetadata().getLabels() == null
                ? Map.of()
                : deployment.getMetadata().getLabels();
        String name = deployment.getMetadata().getName();
        String app = labels.getOrDefault(APP_LABEL, name);
        String track = labels.getOrDefault(TRACK_LABEL, "stable");
        String template = Integer.toUnsignedString(String.valueOf(deployment.getSpec().getTemplate()).hashCode(), 36);
        return new Series(app, deployment.getMetadata().getNamespace(), track, name + "-" + template);
    }

    String exposition() {
        StringBuilder text = new StringBuilder("# TYPE http_requests_total counter\n");
        Map<String, double[]> sorted = new TreeMap<>();
        counters.forEach((series, counts) -> sorted.put(labels(series), counts.clone()));
        sorted.forEach((labels, counts) -> {
            text.append("http_requests_total{").append(labels).append(",code=\"200\"} ")
                    .append(String.format(Locale.ROOT, "%.0f", Math.floor(counts[0]))).append('\n');
            text.append("http_requests_total{").append(labels).append(",code=\"500\"} ")
                    .append(String.format(Locale.ROOT, "%.0f", Math.floor(counts[1]))).append('\n');
        });
        return text.toString();
    }

    private static String labels(Series series) {
        return "app=\"" + series.app() + "\",namespace=\"" + series.namespace() + "\",track=\"" + series.track()
                + "\",pod=\"" + series.pod() + "\"";
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        server.stop(0);
    }
}

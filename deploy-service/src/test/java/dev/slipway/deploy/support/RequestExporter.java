package dev.slipway.deploy.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;

/**
 * A test exporter for Prometheus to scrape: {@code http_requests_total{app,track,code}} counters the test sets per
 * track, as an application's request metrics would be.
 */
public final class RequestExporter implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, long[]> counts = new ConcurrentHashMap<>();

    public RequestExporter() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/metrics", exchange -> {
            byte[] body = metrics().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** {@code 127.0.0.1:PORT}, the scrape target. */
    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The track of the application has served {@code ok} requests with 200 and {@code errors} with 500. */
    public void set(String app, String track, long ok, long errors) {
        counts.put(app + "\u0000" + track, new long[]{ok, errors});
    }

    private String metrics() {
        StringBuilder text = new StringBuilder("# TYPE http_requests_total counter\n");
        counts.forEach((key, value) -> {
            String[] parts = key.split("\u0000");
            text.append("http_requests_total{app=\"").append(parts[0]).append("\",track=\"").append(parts[1])
                    .append("\",code=\"200\"} ").append(value[0]).append('\n');
            text.append("http_requests_total{app=\"").append(parts[0]).append("\",track=\"").append(parts[1])
                    .append("\",code=\"500\"} ").append(value[1]).append('\n');
        });
        return text.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

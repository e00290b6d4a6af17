package dev.slipway.gateway.subscription;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.slipway.contracts.SecretValue;
import dev.slipway.gateway.webhook.Signatures;

/** POSTs one signed event to a subscriber and says how it went; never throws for the subscriber's failures. */
public final class WebhookSender {

    public static final String SIGNATURE_HEADER = "X-Slipway-Signature";
    public static final String DELIVERY_HEADER = "X-Slipway-Delivery";

    /**
     * @param statusCode the HTTP status, or null when no answer came
     * @param error why it failed, or null
     */
    public record Attempt(Integer statusCode, String error, long durationMillis) {

        public boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private final HttpClient client;
    private final Duration timeout;

    public WebhookSender(Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.timeout = timeout;
    }

    /** The {@code X-Slipway-Signature} value for {@code body}. */
    public static String signature(SecretValue secret, byte[] body) {
        return "sha256=" + Signatures.hexHmac(secret.revealBytes(), body);
    }

    public Attempt send(URI url, SecretValue secret, String deliveryId, byte[] body) {
        long start = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", CloudEventJson.CONTENT_TYPE)
                .header("User-Agent", "slipway-gateway")
                .header(SIGNATURE_HEADER, signature(secret, body))
                .header(DELIVERY_HEADER, deliveryId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return new Attempt(status, status >= 200 && status < 300 ? null : "answered " + status, millisSince(start));
        } catch (IOException e) {
            return new Attempt(null, e.getClass().getSimpleName() + (e.getMessage() == null
                    ? ""
                    : ": "
                            + e.getMessage()),
                    millisSince(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(null, "interrupted", millisSince(start));
        }
    }

    private static long millisSince(long start) {
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }
}

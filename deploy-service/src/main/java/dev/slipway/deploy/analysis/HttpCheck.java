package dev.slipway.deploy.analysis;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The spec's HTTP check: a URL that answers 2xx for pass, anything else (or nothing) for fail. */
public final class HttpCheck {

    public static final String NAME = "http";

    private final Duration timeout;
    private final HttpClient http;

    public HttpCheck(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public Check check(String url) {
        String threshold = "2xx from " + url;
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
                    .build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return Check.pass(NAME, (double) status, threshold);
            }
            return Check.fail(NAME, (double) status, threshold, url + " answered " + status);
        } catch (IOException | IllegalArgumentException e) {
            return Check.fail(NAME, null, threshold, url + " did not answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.inconclusive(NAME, null, threshold, "interrupted");
        }
    }
}

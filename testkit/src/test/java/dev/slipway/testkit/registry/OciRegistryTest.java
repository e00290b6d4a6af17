package dev.slipway.testkit.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class OciRegistryTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void storesPushedBlobAndServesItBackByDigest() throws Exception {
        // Given a blob and its digest
        OciRegistry registry = OciRegistry.shared();
        byte[] blob = "a layer of slipway".getBytes(StandardCharsets.UTF_8);
        String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob));

        // When it is pushed in one monolithic upload
        HttpResponse<Void> started = http.send(HttpRequest.newBuilder(
                URI.create(registry.url() + "/v2/slipway/testkit/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(started.statusCode()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        URI upload = URI.create(registry.url()).resolve(location);
        String separator = upload.getQuery() == null ? "?" : "&";
        HttpResponse<Void> pushed = http.send(
                HttpRequest.newBuilder(URI.create(upload + separator + "digest=" + digest))
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(),
                HttpResponse.BodyHandlers.discarding());

        // Then the registry created it and serves the same bytes under its digest
        assertThat(pushed.statusCode()).isEqualTo(201);
        assertThat(pushed.headers().firstValue("Docker-Content-Digest")).contains(digest);
        HttpResponse<byte[]> fetched = http.send(HttpRequest.newBuilder(
                URI.create(registry.url() + "/v2/slipway/testkit/blobs/" + digest)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(blob);
        assertThat(registry.address()).matches("127\\.0\\.0\\.1:\\d+");
    }
}

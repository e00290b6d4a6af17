package dev.slipway.build.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.contracts.Json;

/**
 * Reads what a registry holds through its HTTP API, independently of the code under test: tags, manifests,
 * configurations and the file names in layers.
 */
public final class RegistryReader {

    private static final String ACCEPT = "application/vnd.oci.image.manifest.v1+json, "
            + "application/vnd.docker.distribution.manifest.v2+json";

    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();

    public RegistryReader(String address) {
        this.base = "http://" + address + "/v2/";
    }

    /** The digest a tag points to, or empty when the tag does not exist. */
    public Optional<String> digest(String repository, String tag) {
        HttpResponse<byte[]> response = get(repository + "/manifests/" + tag, "HEAD");
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        check(response);
        return response.headers().firstValue("Docker-Content-Digest");
    }

    public JsonNode manifest(String repository, String reference) {
        HttpResponse<byte[]> response = get(repository + "/manifests/" + reference, "GET");
        check(response);
        return json(response.body());
    }

    public String manifestMediaType(String repository, String reference) {
        HttpResponse<byte[]> response = get(repository + "/manifests/" + reference, "GET");
        check(response);
        return response.headers().firstValue("Content-Type").orElse("");
    }

    public JsonNode config(String repository, String reference) {
        String digest = manifest(repository, reference).path("config").path("digest").asText();
        return json(blob(repository, digest));
    }

    public List<String> layerDigests(String repository, String reference) {
        List<String> digests = new ArrayList<>();
        manifest(repository, reference).path("layers").forEach(l -> digests.add(l.path("digest").asText()));
        return digests;
    }

    public byte[] blob(String repository, String digest) {
        HttpResponse<byte[]> response = get(repository + "/blobs/" + digest, "GET");
        check(response);
        return response.body();
    }

    /** Each entry of a gzipped tar layer as {@code name mode}, such as {@code bin/busybox 755}. */
    public List<String> layerEntries(String repository, String digest) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(blob(repository, digest)))) {
            List<String> entries = new ArrayList<>();
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                String name = field(header, 0, 100);
                if (name.isEmpty()) {
                    break;
                }
                String prefix = field(header, 345, 155);
                String mode = field(header, 100, 8);
                long size = Long.parseLong(field(header, 124, 12).isEmpty() ? "0" : field(header, 124, 12), 8);
                String full = prefix.isEmpty() ? name : prefix + "/" + name;
                entries.add(full + " " + Integer.toOctalString(Integer.parseInt(mode, 8) & 07777));
                in.skipNBytes((size + 511) / 512 * 512);
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8).strip();
    }

    private HttpResponse<byte[]> get(String path, String method) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", ACCEPT)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void check(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.request().uri() + " answered " + response.statusCode());
        }
    }

    private static JsonNode json(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.slipway.build.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.contracts.Json;

/**
 * An image manifest as the registry stores it.
 *
 * @param digest its digest ({@code sha256:...}), the image's identity
 * @param mediaType its media type
 * @param body its bytes, exactly as stored (re-tagging must not change them)
 */
public record Manifest(String digest, String mediaType, byte[] body) {

    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    /** Every manifest type Slipway reads, for the {@code Accept} header. */
    public static final String ACCEPT = String.join(", ", OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_LIST);

    public JsonNode json() {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("manifest " + digest + " is not JSON", e);
        }
    }

    /** Whether it lists images for several platforms rather than describing one image. */
    public boolean isIndex() {
        return OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType) || json().has("manifests");
    }

    /** The digest of the image configuration blob. */
    public String configDigest() {
        return json().path("config").path("digest").asText(null);
    }

    /** The layers' digests, base first. */
    public List<String> layerDigests() {
        List<String> digests = new ArrayList<>();
        json().path("layers").forEach(layer -> digests.add(layer.path("digest").asText()));
        return digests;
    }

    /** The compressed size of all layers. */
    public long layersSize() {
        long size = 0;
        for (JsonNode layer : json().path("layers")) {
            size += layer.path("size").asLong();
        }
        return size;
    }
}

package dev.slipway.build.image;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.slipway.contracts.Json;
import dev.slipway.contracts.spec.PipelineSpec;

/**
 * The labels of a commit's image: the OCI annotations ({@code org.opencontainers.image.*}) and the parsed spec, so a
 * repeat of the commit can answer from the registry alone. Nothing in them depends on the branch or the build time,
 * so the same commit always gives the same image.
 */
public final class ImageLabels {

    public static final String REVISION = "org.opencontainers.image.revision";
    public static final String SOURCE = "org.opencontainers.image.source";
    public static final String CREATED = "org.opencontainers.image.created";
    public static final String TITLE = "org.opencontainers.image.title";
    public static final String BASE_NAME = "org.opencontainers.image.base.name";
    public static final String BASE_DIGEST = "org.opencontainers.image.base.digest";
    public static final String SPEC = "dev.slipway.spec";

    /** Map keys sorted, so the spec label's text (and so the image digest) is the same in every JVM. */
    private static final ObjectMapper SORTED = Json.MAPPER.copy()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private ImageLabels() {
    }

    public static Map<String, String> of(String app, String sha, String source, Instant created, PipelineSpec spec,
            Optional<BaseImage> base) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(TITLE, app);
        labels.put(REVISION, sha);
        labels.put(SOURCE, source);
        labels.put(CREATED, created.toString());
        base.ifPresent(b -> {
            labels.put(BASE_NAME, b.name());
            labels.put(BASE_DIGEST, b.digest());
        });
        try {
            labels.put(SPEC, SORTED.writeValueAsString(spec));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the spec of " + app, e);
        }
        return labels;
    }

    /** The labels of an image configuration document. */
    public static Map<String, String> read(JsonNode config) {
        Map<String, String> labels = new LinkedHashMap<>();
        config.path("config").path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(),
                e.getValue().asText()));
        return labels;
    }

    /** The spec stored in an image's labels, if it has one that reads. */
    public static Optional<PipelineSpec> spec(Map<String, String> labels) {
        String json = labels.get(SPEC);
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(Json.MAPPER.readValue(json, PipelineSpec.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}

package dev.slipway.deploy.render;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.slipway.contracts.FailureReason;
import dev.slipway.runtime.StageException;

/** Reads rendered multi-document YAML into manifests. */
public final class Manifests {

    private static final ObjectMapper YAML = new YAMLMapper();

    private Manifests() {
    }

    /**
     * Every non-empty document of {@code yaml}; a {@code List} kind is flattened into its items.
     *
     * @throws StageException INVALID_INPUT when a document is not a Kubernetes object
     */
    public static List<ObjectNode> parse(String yaml) throws StageException {
        List<ObjectNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class)
                .readValues(new YAMLFactory().createParser(yaml))) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isNull() || document.isMissingNode()
                        || (document.isObject() && document.isEmpty())) {
                    continue;
                }
                add(document, objects);
            }
        } catch (IOException | RuntimeException e) {
            throw StageException.of(FailureReason.INVALID_INPUT, "the rendered chart is not valid YAML: "
                    + e.getMessage());
        }
        return objects;
    }

    private static void add(JsonNode document, List<ObjectNode> objects) throws StageException {
        if (!(document instanceof ObjectNode object)) {
            throw StageException.of(FailureReason.INVALID_INPUT, "a rendered document is not an object");
        }
        if (object.path("kind").asText().endsWith("List") && object.path("items").isArray()) {
            for (JsonNode item : object.path("items")) {
                add(item, objects);
            }
            return;
        }
        if (object.path("apiVersion").asText("").isEmpty() || object.path("kind").asText("").isEmpty()
                || object.path("metadata").path("name").asText("").isEmpty()) {
            throw StageException.of(FailureReason.INVALID_INPUT,
                    "a rendered object lacks apiVersion, kind or metadata.name");
        }
        objects.add(object);
    }
}

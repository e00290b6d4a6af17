package dev.slipway.testkit.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Rendered manifests (a Helm template's output): the YAML text, its documents, and every document read by fabric8
 * into its typed model, with finders that fail a test naming what is there.
 */
public class Manifests {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final String yaml;
    private final List<JsonNode> documents;
    private final List<HasMetadata> objects;

    protected Manifests(String yaml) {
        this.yaml = yaml;
        this.documents = documents(yaml);
        List<HasMetadata> read = new ArrayList<>();
        for (JsonNode document : documents) {
            read.add(SERIALIZATION.unmarshal(document.toString(), HasMetadata.class));
        }
        this.objects = List.copyOf(read);
    }

    public static Manifests parse(String yaml) {
        return new Manifests(yaml);
    }

    /** The non-empty YAML documents of a stream, as trees. */
    public static List<JsonNode> documents(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNextValue()) {
                JsonNode document = it.nextValue();
                if (document != null && !document.isNull() && !document.isMissingNode() && document.size() > 0) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rendered manifests are not YAML", e);
        }
        return documents;
    }

    public String yaml() {
        return yaml;
    }

    public List<JsonNode> documents() {
        return documents;
    }

    public List<HasMetadata> objects() {
        return objects;
    }

    public <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends HasMetadata> T get(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in " + names()));
    }

    public <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
        return all(type).stream()
                .filter(o -> name.equals(o.getMetadata().getName())
                        && Objects.equals(namespace, o.getMetadata().getNamespace()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no " + type.getSimpleName() + " " + namespace + "/" + name + " in " + names()));
    }

    /** Objects of a kind fabric8 has no model for (HTTPRoute, KafkaTopic, ServiceMonitor). */
    public List<GenericKubernetesResource> generic(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(o -> kind.equals(o.getKind())).toList();
    }

    /** The object of a kind fabric8 has no model for, by name. */
    public GenericKubernetesResource generic(String kind, String name) {
        return generic(kind).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + names()));
    }

    /** {@code Kind/name}, or {@code Kind/namespace/name}, of every object, in order. */
    public List<String> names() {
        return objects.stream().map(o -> o.getKind() + "/"
                + (o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace() + "/")
                + o.getMetadata().getName()).toList();
    }
}

package dev.slipway.install.chart.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Rendered manifests: the YAML text and every document read by fabric8 into its typed model. */
public record Manifests(String yaml, List<HasMetadata> objects) {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    public static Manifests parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode document : documents(yaml)) {
            objects.add(SERIALIZATION.unmarshal(document.toString(), HasMetadata.class));
        }
        return new Manifests(yaml, objects);
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

    /** Objects of a kind fabric8 has no model for (KafkaTopic, ServiceMonitor). */
    public List<GenericKubernetesResource> generic(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(o -> kind.equals(o.getKind())).toList();
    }

    /** The Deployment of a service, by its key in values ({@code gateway}, {@code build}, ...). */
    public Deployment deployment(String key) {
        return get(Deployment.class, SlipwayChart.objectName(key));
    }

    /** The one container of a service's Deployment. */
    public Container container(String key) {
        List<Container> containers = deployment(key).getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError(key + " has " + containers.size() + " containers");
        }
        return containers.get(0);
    }

    /** {@code Kind/namespace/name} of every object, in order. */
    public List<String> names() {
        return objects.stream()
                .map(o -> o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
                .toList();
    }
}

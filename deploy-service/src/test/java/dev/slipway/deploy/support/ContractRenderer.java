package dev.slipway.deploy.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Json;
import dev.slipway.contracts.events.ChartRef;
import dev.slipway.deploy.render.ChartRenderer;
import dev.slipway.runtime.StageException;

/**
 * Renders what the application chart renders for the values deploy-service sets (chart-service's VALUES.md: the
 * stable Deployment, the canary Deployment and track Services when the canary is on, the Service over both tracks),
 * so engine tests need no registry. A chart version can be made unrenderable or given an extra object.
 */
public final class ContractRenderer implements ChartRenderer {

    private final Set<String> broken = ConcurrentHashMap.newKeySet();
    private final Map<String, ObjectNode> extras = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> rendered = new ArrayList<>();

    /** Rendering this chart version fails as a template error does. */
    public void breakVersion(String version) {
        broken.add(version);
    }

    /** This chart version also renders {@code object}. */
    public void extraObject(String version, ObjectNode object) {
        extras.put(version, object);
    }

    /** The values of every render so far. */
    public synchronized List<Map<String, Object>> renderedValues() {
        return List.copyOf(rendered);
    }

    @Override
    public synchronized List<ObjectNode> render(ChartRef chart, String release, String namespace,
            Map<String, Object> values) throws StageException {
        rendered.add(values);
        if (broken.contains(chart.version())) {
            throw StageException.of(FailureReason.INVALID_INPUT, "cannot render " + chart.name() + ":"
                    + chart.version() + ": template: " + chart.name()
                    + "/templates/deployment.yaml:12:20: executing \"deployment\" at <.Values.image.digest>: "
                    + "image.digest is required");
        }
        JsonNode v = Json.MAPPER.valueToTree(values);
        String app = v.path("app").asText();
        List<ObjectNode> objects = new ArrayList<>();
        objects.add(deployment(app, app, "stable", v, v.path("image"), v.path("replicas").asInt(2)));
        boolean canary = v.path("canary").path("enabled").asBoolean(false);
        objects.add(service(app, app, null, v));
        if (canary) {
            JsonNode image = v.path("canary").path("image");
            objects.add(deployment(app, app + "-canary", "canary", v, image, v.path("canary").path("replicas")
                    .asInt(1)));
            objects.add(service(app, app + "-stable", "stable", v));
            objects.add(service(app, app + "-canary", "canary", v));
        }
        ObjectNode extra = extras.get(chart.version());
        if (extra != null) {
            objects.add(extra.deepCopy());
        }
        return objects;
    }

    private static ObjectNode labels(String app, JsonNode values, String track) {
        ObjectNode labels = Json.MAPPER.createObjectNode();
        labels.put("app.kubernetes.io/name", app);
        labels.put("app.kubernetes.io/managed-by", "slipway");
        labels.put("slipway.dev/environment", values.path("environment").asText());
        values.path("labels").properties().forEach(e -> labels.set(e.getKey(), e.getValue()));
        if (track != null) {
            labels.put("slipway.dev/track", track);
        }
        return labels;
    }

    private static ObjectNode deployment(String app, String name, String track, JsonNode values, JsonNode image,
            int replicas) {
        ObjectNode deployment = Json.MAPPER.createObjectNode();
        deployment.put("apiVersion", "apps/v1").put("kind", "Deployment");
        deployment.putObject("metadata").put("name", name).set("labels", labels(app, values, track));
        ObjectNode spec = deployment.putObject("spec");
        spec.put("replicas", replicas);
        spec.put("progressDeadlineSeconds", 600);
        spec.putObject("selector").putObject("matchLabels").put("app.kubernetes.io/name", app)
                .put("slipway.dev/track", track);
        ObjectNode template = spec.putObject("template");
        ObjectNode metadata = template.putObject("metadata");
        metadata.set("labels", labels(app, values, track));
        String checksum = values.path("secrets").path("checksum").asText("");
        if (!checksum.isEmpty()) {
            metadata.putObject("annotations").put("slipway.dev/secrets-checksum", checksum);
        }
        ArrayNode containers = template.putObject("spec").putArray("containers");
        ObjectNode container = containers.addObject().put("name", "app")
                .put("image", image.path("repository").asText() + "@" + image.path("digest").asText());
        container.putArray("ports").addObject().put("name", "http").put("containerPort", 8080);
        if (values.path("secrets").path("enabled").asBoolean(false)) {
            container.putArray("envFrom").addObject().putObject("secretRef").put("name",
                    values.path("secrets").path("name").asText(app + "-secrets"));
        }
        return deployment;
    }

    private static ObjectNode service(String app, String name, String track, JsonNode values) {
        ObjectNode service = Json.MAPPER.createObjectNode();
        service.put("apiVersion", "v1").put("kind", "Service");
        service.putObject("metadata").put("name", name).set("labels", labels(app, values, track));
        ObjectNode spec = service.putObject("spec");
        ObjectNode selector = spec.putObject("selector").put("app.kubernetes.io/name", app);
        if (track != null) {
            selector.put("slipway.dev/track", track);
        }
        spec.putArray("ports").addObject().put("name", "http").put("port", 80).put("targetPort", "http");
        return service;
    }

}

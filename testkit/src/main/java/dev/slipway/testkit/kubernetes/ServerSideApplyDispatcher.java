package dev.slipway.testkit.kubernetes;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * fabric8's CRUD dispatcher, made to behave more like a real API server where Slipway depends on it.
 *
 * <ul>
 * <li><b>Server-side apply.</b> A {@code PATCH} with {@code application/apply-patch+yaml} creates the object if it is
 * absent; otherwise the applied fields are merged into it (maps field by field, lists and scalars replaced whole),
 * fields that the same field manager applied last time and no longer applies are removed, fields written by others are
 * kept, and the status is kept. The resource version moves on a change and {@code metadata.generation} increases when
 * anything outside metadata and status changes. Conflicts between managers are not detected, and
 * {@code managedFields} are not written.</li>
 * <li><b>Status subresource for built-in workloads.</b> As on a real server, create, update and patch of Deployments,
 * Pods, StatefulSets and the other built-in kinds with a status ignore the status they are sent; only
 * {@code updateStatus}, {@code editStatus} and {@code patchStatus} write it.</li>
 * <li>{@code GET /version} answers, and {@code DELETE /slipway-testkit/reset} empties the store.</li>
 * </ul>
 */
public class ServerSideApplyDispatcher extends KubernetesCrudDispatcher {

    /** The content type of a server-side apply patch. */
    public static final String APPLY_PATCH = "application/apply-patch+yaml";
    /** {@code DELETE} here removes every object. */
    public static final String RESET_PATH = "/slipway-testkit/reset";

    private static final Set<String> STATUS_SUBRESOURCES = Set.of("deployments", "statefulsets", "daemonsets",
            "replicasets", "replicationcontrollers", "pods", "jobs", "cronjobs", "horizontalpodautoscalers",
            "poddisruptionbudgets", "services", "persistentvolumeclaims", "persistentvolumes", "namespaces", "nodes",
            "ingresses", "resourcequotas", "certificatesigningrequests");
    private static final Set<String> SERVER_OWNED = Set.of("/apiVersion", "/kind", "/metadata/name",
            "/metadata/namespace", "/metadata/uid", "/metadata/resourceVersion", "/metadata/generation",
            "/metadata/creationTimestamp", "/metadata/managedFields");
    private static final String VERSION = """
            {"major":"1","minor":"33","gitVersion":"v1.33.0","platform":"linux/amd64"}""";

    private final ObjectMapper json = Serialization.jsonMapper();
    private final ObjectMapper yaml = new YAMLMapper();
    /** Object path → field manager → the JSON pointers it applied last. */
    private final Map<String, Map<String, Set<String>>> applied = new HashMap<>();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        if (request.method() == HttpMethod.DELETE && RESET_PATH.equals(path)) {
            reset();
            return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK);
        }
        if (request.method() == HttpMethod.GET && "/version".equals(path)) {
            return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(VERSION);
        }
        return super.dispatch(request);
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(APPLY_PATCH)) {
            return super.handlePatch(request);
        }
        synchronized (applied) {
            return apply(request);
        }
    }

    @Override
    public boolean isStatusSubresourceEnabledForResource(String path) {
        String plural = ((KubernetesAttributesExtractor) attributeExtractor).fromKubernetesPath(path)
                .get(KubernetesAttributesExtractor.PLURAL);
        return STATUS_SUBRESOURCES.contains(plural) || super.isStatusSubresourceEnabledForResource(path);
    }

    @Override
    public MockResponse handleDelete(String path) {
        synchronized (applied) {
            applied.remove(URI.create(path).getRawPath());
        }
        return super.handleDelete(path);
    }

    @Override
    public void reset() {
        synchronized (applied) {
            applied.clear();
        }
        super.reset();
    }

    private MockResponse apply(RecordedRequest request) {
        URI uri = URI.create(request.getPath());
        String path = uri.getRawPath();
        String manager = queryParameter(uri, "fieldManager");
        if (manager == null || manager.isBlank()) {
            return status(422, "fieldManager is required for apply patch");
        }
        boolean statusPath = path.endsWith("/status");
        String objectPath = statusPath ? path.substring(0, path.length() - "/status".length()) : path;

        ObjectNode patch;
        try {
            JsonNode parsed = readBody(request.getBody().getBytes());
            if (!(parsed instanceof ObjectNode object) || !parsed.path("metadata").isObject()) {
                return status(422, "the apply patch is not an object with metadata");
            }
            patch = object;
        } catch (IOException e) {
            return status(400, "the apply patch is not valid YAML or JSON: " + e.getMessage());
        }
        Set<String> patchFields = leafPointers(patch, statusPath);

        MockResponse current = handleGet(objectPath);
        if (current.code() == HttpURLConnection.HTTP_NOT_FOUND) {
            if (statusPath) {
                return current;
            }
            ObjectNode created = patch.deepCopy();
            ((ObjectNode) created.path("metadata")).remove("resourceVersion");
            String collection = objectPath.substring(0, objectPath.lastIndexOf('/'));
            MockResponse response = handleCreate(request(HttpMethod.POST, collection, created));
            if (response.code() == HttpURLConnection.HTTP_CREATED) {
                applied.put(objectPath, new HashMap<>(Map.of(manager, patchFields)));
            }
            return response;
        }

        ObjectNode merged;
        try {
            merged = (ObjectNode) json.readTree(current.getBody().getBytes());
        } catch (IOException e) {
            return status(500, "stored object is not JSON: " + e.getMessage());
        }
        Map<String, Set<String>> managers = applied.computeIfAbsent(objectPath, key -> new HashMap<>());
        for (String previous : managers.getOrDefault(manager, Set.of())) {
            if (!patchFields.contains(previous)) {
                remove(merged, previous);
            }
        }
        merge(merged, patch);
        if (patch.path("metadata").path("resourceVersion").isMissingNode()) {
            // An apply without a resource version never conflicts; the update below must not either.
            ((ObjectNode) merged.path("metadata")).remove("resourceVersion");
        }
        MockResponse response = handleUpdate(request(HttpMethod.PUT, path, merged));
        if (response.code() == HttpURLConnection.HTTP_OK) {
            managers.put(manager, patchFields);
        }
        return response;
    }

    private JsonNode readBody(byte[] body) throws IOException {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.startsWith("{") ? json.readTree(text) : yaml.readTree(text);
    }

    private RecordedRequest request(HttpMethod method, String path, JsonNode body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Headers headers = Headers.builder().add("Content-Type", "application/json").build();
        return new RecordedRequest("HTTP/1.1", method, path, headers, new Buffer(bytes));
    }

    /** JSON pointers of the leaves of {@code node}: scalars, lists and empty maps. */
    private static Set<String> leafPointers(ObjectNode node, boolean statusPath) {
        Set<String> pointers = new LinkedHashSet<>();
        collect(node, "", pointers);
        pointers.removeIf(pointer -> SERVER_OWNED.contains(pointer)
                || (!statusPath && (pointer.equals("/status") || pointer.startsWith("/status/"))));
        return pointers;
    }

    private static void collect(JsonNode node, String pointer, Set<String> pointers) {
        if (node.isObject() && !node.isEmpty()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                collect(field.getValue(), pointer + "/" + escape(field.getKey()), pointers);
            }
        } else {
            pointers.add(pointer);
        }
    }

    /** Maps merge field by field; anything else in {@code patch} replaces what {@code target} has. */
    private static void merge(ObjectNode target, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            JsonNode existing = target.get(field.getKey());
            if (field.getValue().isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, (ObjectNode) field.getValue());
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }

    private static void remove(ObjectNode root, String pointer) {
        if (pointer.isEmpty()) {
            return;
        }
        List<String> tokens = new ArrayList<>();
        for (String token : pointer.substring(1).split("/", -1)) {
            tokens.add(token.replace("~1", "/").replace("~0", "~"));
        }
        JsonNode parent = root;
        for (Iterator<String> it = tokens.subList(0, tokens.size() - 1).iterator(); it.hasNext() && parent != null;) {
            parent = parent.get(it.next());
        }
        if (parent instanceof ObjectNode object) {
            object.remove(tokens.get(tokens.size() - 1));
        }
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static String queryParameter(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (key.equals(name)) {
                return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static MockResponse status(int code, String message) {
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"code\":" + code
                + ",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        return new MockResponse().setResponseCode(code).setBody(body);
    }
}

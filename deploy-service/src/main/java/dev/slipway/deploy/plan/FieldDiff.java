package dev.slipway.deploy.plan;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Which fields server-side apply would change: the fields Slipway sets whose live value differs, and the fields it set
 * last time and no longer sets (the API server removes those). Fields the server or other managers own and Slipway
 * never set (defaults, status, {@code managedFields}) are not compared.
 *
 * <p>
 * Lists of objects that each have a {@code name} (containers, ports, volumes, env) are matched by name, as the API
 * server's associative lists are, so that a reordering is not a change. Paths read like
 * {@code spec.template.spec.containers[app].image} and {@code metadata.labels["slipway.dev/run"]}.
 */
public final class FieldDiff {

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    /** Metadata fields the API server writes; never part of a plan. */
    private static final Set<String> SERVER_METADATA = Set.of("managedFields", "resourceVersion", "uid",
            "creationTimestamp", "generation", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds");

    private FieldDiff() {
    }

    /**
     * The changed field paths, in document order.
     *
     * @param desired the manifest to apply
     * @param live the object in the cluster
     * @param previous the manifest applied last time, or null when unknown
     */
    public static List<String> changes(JsonNode desired, JsonNode live, JsonNode previous) {
        Set<String> paths = new LinkedHashSet<>();
        JsonNode want = withoutServerFields(desired);
        compare(want, withoutServerFields(live), "", paths);
        if (previous != null) {
            List<String> dropped = new ArrayList<>();
            leaves(withoutServerFields(previous), "", dropped, want);
            for (String path : dropped) {
                paths.add(path + " (removed)");
            }
        }
        return List.copyOf(paths);
    }

    /** A copy without {@code status} and the server-written metadata. */
    public static JsonNode withoutServerFields(JsonNode manifest) {
        if (manifest == null || !manifest.isObject()) {
            return manifest;
        }
        ObjectNode copy = ((ObjectNode) manifest).deepCopy();
        copy.remove("status");
        if (copy.get("metadata") instanceof ObjectNode metadata) {
            metadata.remove(SERVER_METADATA);
        }
        return copy;
    }

    private static void compare(JsonNode want, JsonNode have, String path, Set<String> paths) {
        if (isEmpty(want)) {
            return;
        }
        if (want.isObject()) {
            if (have == null || !have.isObject()) {
                paths.add(path.isEmpty() ? "." : path);
                return;
            }
            for (Map.Entry<String, JsonNode> field : want.properties()) {
                compare(field.getValue(), have.get(field.getKey()), child(path, field.getKey()), paths);
            }
            return;
        }
        if (want.isArray() && isNamedList(want)) {
            if (have == null || !have.isArray() || !isNamedList(have)) {
                paths.add(path);
                return;
            }
            for (JsonNode element : want) {
                String name = element.get("name").asText();
                JsonNode match = byName(have, name);
                String elementPath = path + "[" + name + "]";
                if (match == null) {
                    paths.add(elementPath);
                } else {
                    compare(element, match, elementPath, paths);
                }
            }
            return;
        }
        if (!sameValue(want, have)) {
            paths.add(path);
        }
    }

    /** Leaves of {@code previous} that {@code desired} no longer has. */
    private static void leaves(JsonNode previous, String path, List<String> out, JsonNode desired) {
        if (isEmpty(previous)) {
            return;
        }
        if (desired == null || desired.isNull() || isEmpty(desired)) {
            out.add(path);
            return;
        }
        if (previous.isObject() && desired.isObject()) {
            for (Map.Entry<String, JsonNode> field : previous.properties()) {
                leaves(field.getValue(), child(path, field.getKey()), out, desired.get(field.getKey()));
            }
        } else if (previous.isArray() && isNamedList(previous) && desired.isArray() && isNamedList(desired)) {
            for (JsonNode element : previous) {
                String name = element.get("name").asText();
                leaves(element, path + "[" + name + "]", out, byName(desired, name));
            }
        }
    }

    private static boolean isNamedList(JsonNode array) {
        if (array.isEmpty()) {
            return false;
        }
        for (JsonNode element : array) {
            if (!element.isObject() || !element.path("name").isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode byName(JsonNode array, String name) {
        for (JsonNode element : array) {
            if (name.equals(element.path("name").asText(null))) {
                return element;
            }
        }
        return null;
    }

    /** An empty map or list, or null: the API server stores none of them, so they never differ from "absent". */
    private static boolean isEmpty(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode()
                || ((node.isObject() || node.isArray()) && node.isEmpty());
    }

    static boolean sameValue(JsonNode want, JsonNode have) {
        if (have == null || have.isNull() || have.isMissingNode()) {
            return false;
        }
        if (want.isNumber() && have.isNumber()) {
            return new BigDecimal(want.asText()).compareTo(new BigDecimal(have.asText())) == 0;
        }
        if (want.isValueNode() && have.isValueNode()) {
            return want.asText().equals(have.asText());
        }
        if (want.isArray() && have.isArray()) {
            if (want.size() != have.size()) {
                return false;
            }
            Iterator<JsonNode> a = want.iterator();
            Iterator<JsonNode> b = have.iterator();
            while (a.hasNext()) {
                JsonNode x = a.next();
                JsonNode y = b.next();
                if (x.isContainerNode() || y.isContainerNode()) {
                    Set<String> nested = new LinkedHashSet<>();
                    compare(x, y, "", nested);
                    if (!nested.isEmpty()) {
                        return false;
                    }
                } else if (!sameValue(x, y)) {
                    return false;
                }
            }
            return true;
        }
        return want.equals(have);
    }

    private static String child(String path, String key) {
        String segment = PLAIN_KEY.matcher(key).matches() ? key : "[\"" + key + "\"]";
        if (path.isEmpty()) {
            return segment;
        }
        return segment.startsWith("[") ? path + segment : path + "." + segment;
    }
}

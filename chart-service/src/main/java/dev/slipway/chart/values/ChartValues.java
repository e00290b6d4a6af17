package dev.slipway.chart.values;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.slipway.contracts.events.ImageBuilt;
import dev.slipway.contracts.spec.BuildSpec;
import dev.slipway.contracts.spec.ChartSpec;
import dev.slipway.contracts.spec.EnvironmentSpec;

/**
 * The values of the built-in chart for one commit: the chart's own defaults ({@code chart/values.yaml}) with what the
 * commit's {@code slipway.yaml} says on top. Nothing is checked here: {@code values.schema.json} checks every value
 * when Helm lints and renders the chart, so a bad value is reported the same way whoever sets it.
 */
public final class ChartValues {

    /** The built-in chart's defaults, on the class path. */
    public static final String DEFAULTS_RESOURCE = "/chart/values.yaml";

    /** Environment label of the values packaged into the chart, before any environment is chosen. */
    public static final String NO_ENVIRONMENT = "default";

    private static final YAMLMapper YAML = YAMLMapper.builder(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
            .build();

    private final ObjectNode tree;

    private ChartValues(ObjectNode tree) {
        this.tree = tree;
    }

    /** The values packaged into the commit's chart: the spec's values, no environment chosen yet. */
    public static ChartValues from(ImageBuilt built) {
        return from(built, null);
    }

    /** The values of the commit's chart in {@code environment} (null for none). */
    public static ChartValues from(ImageBuilt built, EnvironmentSpec environment) {
        ObjectNode v = defaults().tree;
        v.put("app", built.app());
        v.put("environment", environment == null ? NO_ENVIRONMENT : environment.name());
        if (built.image() != null) {
            ObjectNode image = v.withObjectProperty("image");
            image.put("repository", built.image().repository());
            image.put("digest", built.image().digest());
        }
        if (built.spec() != null) {
            build(v, built.spec().build());
            chart(v, built.app(), built.spec().chart());
        }
        if (environment != null && environment.progressDeadlineSeconds() > 0) {
            v.put("progressDeadlineSeconds", environment.progressDeadlineSeconds());
        }
        return new ChartValues(v);
    }

    /** The built-in chart's defaults. */
    public static ChartValues defaults() {
        try (InputStream in = ChartValues.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the class path");
            }
            return new ChartValues((ObjectNode) YAML.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULTS_RESOURCE, e);
        }
    }

    /** Reads values written by {@link #toYaml()}. */
    public static ChartValues parse(String yaml) {
        try {
            return new ChartValues((ObjectNode) YAML.readTree(yaml));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a values document: " + e.getOriginalMessage(), e);
        }
    }

    private static void build(ObjectNode v, BuildSpec build) {
        if (build == null) {
            return;
        }
        if (build.port() > 0) {
            v.put("containerPort", build.port());
        }
        if (!build.env().isEmpty()) {
            ObjectNode env = v.putObject("env");
            new TreeMap<>(build.env()).forEach(env::put);
        }
        Integer uid = numericUser(build.user());
        if (uid != null) {
            v.withObjectProperty("securityContext").put("runAsUser", uid);
        }
    }

    private static void chart(ObjectNode v, String app, ChartSpec chart) {
        if (chart == null) {
            return;
        }
        v.put("replicas", chart.replicas());
        if (chart.resources() != null) {
            quantities(v.withObjectProperty("resources").withObjectProperty("requests"), chart.resources().requests());
            quantities(v.withObjectProperty("resources").withObjectProperty("limits"), chart.resources().limits());
        }
        if (chart.probes() != null) {
            probe(v.withObjectProperty("probes"), "liveness", chart.probes().liveness());
            probe(v.withObjectProperty("probes"), "readiness", chart.probes().readiness());
            probe(v.withObjectProperty("probes"), "startup", chart.probes().startup());
        }
        if (chart.ingress() != null) {
            ChartSpec.Ingress in = chart.ingress();
            ObjectNode ingress = v.withObjectProperty("ingress");
            ingress.put("enabled", true);
            ingress.put("host", nullToEmpty(in.host()));
            ingress.put("path", in.path() == null || in.path().isBlank() ? "/" : in.path());
            ingress.put("className", nullToEmpty(in.className()));
            ingress.put("tlsSecret", nullToEmpty(in.tlsSecret()));
        }
        if (chart.hpa() != null) {
            ObjectNode hpa = v.withObjectProperty("hpa");
            hpa.put("enabled", true);
            hpa.put("minReplicas", chart.hpa().minReplicas());
            hpa.put("maxReplicas", chart.hpa().maxReplicas());
            hpa.put("cpuUtilization", chart.hpa().cpuUtilization());
        }
        if (!chart.secrets().isEmpty()) {
            ObjectNode secrets = v.withObjectProperty("secrets");
            secrets.put("enabled", true);
            secrets.put("name", app + "-secrets");
            ArrayNode keys = secrets.putArray("keys");
            chart.secrets().forEach(keys::add);
        }
    }

    private static void quantities(ObjectNode target, ChartSpec.Quantities quantities) {
        if (quantities == null) {
            return;
        }
        if (quantities.cpu() != null) {
            target.put("cpu", quantities.cpu());
        }
        if (quantities.memory() != null) {
            target.put("memory", quantities.memory());
        }
    }

    private static void probe(ObjectNode probes, String name, ChartSpec.Probe probe) {
        if (probe == null) {
            return;
        }
        ObjectNode p = probes.withObjectProperty(name);
        p.put("path", probe.path() == null || probe.path().isBlank() ? "/" : probe.path());
        p.put("port", probe.port());
        p.put("initialDelaySeconds", probe.initialDelaySeconds());
        if (probe.periodSeconds() != 0) {
            p.put("periodSeconds", probe.periodSeconds());
        }
        if (probe.failureThreshold() != 0) {
            p.put("failureThreshold", probe.failureThreshold());
        }
    }

    /** The uid of {@code user} ({@code 1000}, {@code 1000:1000}), or null for a user name. */
    static Integer numericUser(String user) {
        if (user == null) {
            return null;
        }
        String uid = user.strip();
        int colon = uid.indexOf(':');
        if (colon >= 0) {
            uid = uid.substring(0, colon);
        }
        if (uid.isEmpty() || !uid.chars().allMatch(Character::isDigit) || uid.length() > 9) {
            return null;
        }
        return Integer.parseInt(uid);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The value at a JSON pointer ({@code /image/digest}); a missing node when absent. */
    public JsonNode at(String pointer) {
        return tree.at(pointer);
    }

    /** A copy of the values as a tree. */
    public ObjectNode tree() {
        return tree.deepCopy();
    }

    /** A copy with {@code pointer}'s value replaced, for a caller that overrides one key. */
    public ChartValues with(String pointer, Object value) {
        ObjectNode copy = tree.deepCopy();
        List<String> path = List.of(pointer.substring(1).split("/"));
        ObjectNode parent = copy;
        for (String key : path.subList(0, path.size() - 1)) {
            parent = parent.withObjectProperty(key);
        }
        parent.set(path.get(path.size() - 1), YAML.valueToTree(value));
        return new ChartValues(copy);
    }

    /** The values as a map, for Helm's {@code --set} style callers. */
    public Map<String, Object> toMap() {
        return YAML.convertValue(tree, YAML.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
    }

    /** The values as a {@code values.yaml} document. */
    public String toYaml() {
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write values", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChartValues other && tree.equals(other.tree);
    }

    @Override
    public int hashCode() {
        return tree.hashCode();
    }

    @Override
    public String toString() {
        return toYaml();
    }
}

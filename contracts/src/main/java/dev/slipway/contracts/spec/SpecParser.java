package dev.slipway.contracts.spec;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.error.MarkedYAMLException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import dev.slipway.contracts.spec.ChartSpec.Hpa;
import dev.slipway.contracts.spec.ChartSpec.Ingress;
import dev.slipway.contracts.spec.ChartSpec.Probe;
import dev.slipway.contracts.spec.ChartSpec.Probes;
import dev.slipway.contracts.spec.ChartSpec.Quantities;
import dev.slipway.contracts.spec.ChartSpec.Resources;
import dev.slipway.contracts.spec.EnvironmentSpec.Analysis;
import dev.slipway.contracts.spec.EnvironmentSpec.Canary;
import dev.slipway.contracts.spec.EnvironmentSpec.Metric;
import dev.slipway.contracts.spec.EnvironmentSpec.Strategy;
import dev.slipway.contracts.spec.EnvironmentSpec.Traffic;
import dev.slipway.contracts.spec.YamlTree.Mapping;
import dev.slipway.contracts.spec.YamlTree.Node;
import dev.slipway.contracts.spec.YamlTree.Scalar;
import dev.slipway.contracts.spec.YamlTree.Sequence;

/**
 * Reads and validates a {@code slipway.yaml}. Every mistake is collected, each with its line, column and field, so a
 * team fixes the file in one go: {@code slipway.yaml:12:5: environments[1].canary.steps: must be increasing
 * percentages}. Unknown fields are mistakes too (a typo must not silently fall back to a default).
 */
public final class SpecParser {

    public static final String FILE_NAME = "slipway.yaml";

    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final Pattern CPU = Pattern.compile("\\d+(\\.\\d+)?m?");
    static final Pattern MEMORY = Pattern.compile("\\d+(\\.\\d+)?(Ki|Mi|Gi|Ti|k|M|G|T)?");
    static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
    /** Leaves room for suffixes such as {@code -canary} within Kubernetes' 63-character names. */
    static final int MAX_APP_NAME = 40;

    private SpecParser() {
    }

    /** Parses a {@code slipway.yaml}. */
    public static PipelineSpec parse(String yaml) throws InvalidSpecException {
        return parse(FILE_NAME, yaml);
    }

    /** Parses a spec, naming {@code file} in errors. */
    public static PipelineSpec parse(String file, String yaml) throws InvalidSpecException {
        Node root;
        try {
            root = YamlTree.read(yaml == null ? "" : yaml);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 1 : Math.max(1, at.getLineNr());
            int column = at == null ? 1 : Math.max(1, at.getColumnNr());
            String problem = firstLine(e.getOriginalMessage());
            if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                // SnakeYAML's problem mark is where the mistake is; Jackson reports where scanning started.
                line = marked.getProblemMark().getLine() + 1;
                column = marked.getProblemMark().getColumn() + 1;
                problem = firstLine(marked.getProblem());
            }
            throw new InvalidSpecException(
                    List.of(new SpecError(file, line, column, "", "not valid YAML: " + problem)));
        } catch (IOException e) {
            throw new InvalidSpecException(List.of(new SpecError(file, 1, 1, "", "cannot be read: " + e.getMessage())));
        }
        Binder binder = new Binder(file);
        PipelineSpec spec = binder.spec(root);
        if (!binder.errors.isEmpty()) {
            throw new InvalidSpecException(binder.errors);
        }
        return spec;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    /** Parses {@code 90s}, {@code 5m}, {@code 1h30m} or a plain number of seconds; -1 when malformed. */
    static int seconds(String text) {
        if (text.chars().allMatch(Character::isDigit) && !text.isEmpty()) {
            return Integer.parseInt(text);
        }
        Matcher m = DURATION.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            return -1;
        }
        long total = 0;
        long[] unit = {3600, 60, 1};
        for (int i = 0; i < 3; i++) {
            if (m.group(i + 1) != null) {
                total += Long.parseLong(m.group(i + 1)) * unit[i];
            }
        }
        return total > Integer.MAX_VALUE ? -1 : (int) total;
    }

    /** Walks the tree, building records and collecting errors. */
    private static final class Binder {
        private final String file;
        private final List<SpecError> errors = new ArrayList<>();

        Binder(String file) {
            this.file = file;
        }

        void error(Node at, String field, String message) {
            int line = at == null ? 1 : at.line();
            int column = at == null ? 1 : at.column();
            errors.add(new SpecError(file, line, column, field, message));
        }

        PipelineSpec spec(Node root) {
            if (root == null || root instanceof Scalar s && s.isNull()) {
                error(root, "", "the file is empty: it needs at least app, build and environments");
                return null;
            }
            Obj top = obj(root, "");
            if (top == null) {
                return null;
            }
            String app = top.string("app", true, null);
            boolean appValid = false;
            if (app != null) {
                if (!DNS_LABEL.matcher(app).matches()) {
                    error(top.node("app"), "app",
                            "must be lower-case letters, digits and '-', starting and ending with a letter or digit");
                } else if (app.length() > MAX_APP_NAME) {
                    error(top.node("app"), "app", "must be at most " + MAX_APP_NAME + " characters");
                } else {
                    appValid = true;
                }
            }
            BuildSpec build = build(top.object("build", true));
            ChartSpec chart = chart(top.object("chart", false));
            DatabaseSpec database = database(top.object("database", false));
            // A namespace defaults to <app>-<environment>; from a bad app name that would only repeat the app's error.
            List<EnvironmentSpec> environments = environments(top, appValid ? app : null, database != null);
            top.done();
            return new PipelineSpec(app, build, chart, environments, database);
        }

        BuildSpec build(Obj b) {
            if (b == null) {
                return null;
            }
            String baseImage = b.string("baseImage", true, null);
            if (baseImage != null && (baseImage.isBlank() || baseImage.chars().anyMatch(Character::isWhitespace))) {
                b.fail("baseImage", "must be an image reference such as eclipse-temurin:21-jre, or scratch");
            }
            List<String> commands = b.strings("commands");
            List<String> testCommands = b.strings("testCommands");
            int timeout = b.duration("commandTimeout", 600);
            if (timeout == 0) {
                b.fail("commandTimeout", "must be longer than 0s");
            }
            List<BuildSpec.LayerSpec> layers = new ArrayList<>();
            Set<String> layerNames = new HashSet<>();
            b.each("layers", (item, path) -> {
                Obj l = obj(item, path);
                if (l == null) {
                    return;
                }
                String name = l.string("name", true, null);
                if (name != null && !layerNames.add(name)) {
                    l.fail("name", "layer '" + name + "' is defined twice");
                }
                List<String> from = l.strings("from");
                if (from.isEmpty() && l.node("from") != null) {
                    l.fail("from", "must list at least one path");
                } else if (l.node("from") == null) {
                    error(item, path + ".from", "is required");
                }
                for (String p : from) {
                    if (p.startsWith("/") || List.of(p.split("/")).contains("..")) {
                        l.fail("from", "must be paths inside the repository, not '" + p + "'");
                    }
                }
                String to = l.string("to", false, "/app");
                if (!to.startsWith("/")) {
                    l.fail("to", "must be an absolute path in the image");
                }
                l.done();
                layers.add(new BuildSpec.LayerSpec(name, from, to));
            });
            List<String> entrypoint = b.strings("entrypoint");
            int port = b.integer("port", 8080, 1, 65535);
            String user = b.string("user", false, "1000");
            if (user != null && Set.of("root", "0", "0:0", "root:root").contains(user.strip())) {
                b.fail("user", "must not be root: containers run as a non-root user");
            }
            Map<String, String> env = b.stringMap("env", ENV_NAME, "an environment variable name");
            boolean scan = b.bool("scanSecrets", false);
            b.done();
            return new BuildSpec(baseImage, commands, testCommands, timeout, layers, entrypoint, port, user, env, scan);
        }

        ChartSpec chart(Obj c) {
            if (c == null) {
                return new ChartSpec(null, 1, defaultResources(), defaultProbes(), null, null, List.of());
            }
            String path = c.string("path", false, null);
            if (path != null && (path.startsWith("/") || List.of(path.split("/")).contains(".."))) {
                c.fail("path", "must be a directory inside the repository");
            }
            int replicas = c.integer("replicas", 1, 0, 1000);
            Resources resources = resources(c.object("resources", false));
            Probes probes = probes(c.object("probes", false));
            Ingress ingress = ingress(c.object("ingress", false));
            Hpa hpa = hpa(c.object("hpa", false));
            List<String> secrets = c.strings("secrets");
            for (int i = 0; i < secrets.size(); i++) {
                if (!ENV_NAME.matcher(secrets.get(i)).matches()) {
                    c.failItem("secrets", i, "must be an environment variable name such as DATABASE_PASSWORD");
                }
            }
            if (new HashSet<>(secrets).size() != secrets.size()) {
                c.fail("secrets", "lists a key twice");
            }
            c.done();
            return new ChartSpec(path, replicas, resources, probes, ingress, hpa, secrets);
        }

        static Resources defaultResources() {
            return new Resources(new Quantities("100m", "128Mi"), new Quantities("500m", "256Mi"));
        }

        Resources resources(Obj r) {
            if (r == null) {
                return defaultResources();
            }
            Resources defaults = defaultResources();
            Quantities requests = quantities(r.object("requests", false), defaults.requests());
            Quantities limits = quantities(r.object("limits", false), defaults.limits());
            r.done();
            return new Resources(requests, limits);
        }

        Quantities quantities(Obj q, Quantities defaults) {
            if (q == null) {
                return defaults;
            }
            String cpu = q.string("cpu", false, defaults.cpu());
            if (!CPU.matcher(cpu).matches()) {
                q.fail("cpu", "must be a CPU quantity such as 250m or 1");
            }
            String memory = q.string("memory", false, defaults.memory());
            if (!MEMORY.matcher(memory).matches()) {
                q.fail("memory", "must be a memory quantity such as 256Mi or 1Gi");
            }
            q.done();
            return new Quantities(cpu, memory);
        }

        static Probes defaultProbes() {
            return new Probes(new Probe("/", 0, 0, 10, 3), new Probe("/", 0, 0, 5, 3), new Probe("/", 0, 0, 2, 30));
        }

        Probes probes(Obj p) {
            Probes defaults = defaultProbes();
            if (p == null) {
                return defaults;
            }
            Probes probes = new Probes(probe(p.object("liveness", false), defaults.liveness()),
                    probe(p.object("readiness", false), defaults.readiness()),
                    probe(p.object("startup", false), defaults.startup()));
            p.done();
            return probes;
        }

        Probe probe(Obj p, Probe defaults) {
            if (p == null) {
                return defaults;
            }
            String path = p.string("path", false, defaults.path());
            if (!path.startsWith("/")) {
                p.fail("path", "must start with '/'");
            }
            int port = p.integer("port", 0, 1, 65535);
            int delay = p.duration("initialDelay", defaults.initialDelaySeconds());
            int period = p.duration("period", defaults.periodSeconds());
            if (period == 0) {
                p.fail("period", "must be at least 1s");
            }
            int failures = p.integer("failureThreshold", defaults.failureThreshold(), 1, 1000);
            p.done();
            return new Probe(path, port, delay, period, failures);
        }

        Ingress ingress(Obj i) {
            if (i == null) {
                return null;
            }
            String host = i.string("host", true, null);
            if (host != null
                    && !host.matches("(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")) {
                i.fail("host", "must be a lower-case DNS name");
            }
            String path = i.string("path", false, "/");
            if (!path.startsWith("/")) {
                i.fail("path", "must start with '/'");
            }
            String className = i.string("className", false, null);
            String tlsSecret = i.string("tlsSecret", false, null);
            if (tlsSecret != null && !DNS_LABEL.matcher(tlsSecret).matches()) {
                i.fail("tlsSecret", "must be the name of a Secret");
            }
            i.done();
            return new Ingress(host, path, className, tlsSecret);
        }

        Hpa hpa(Obj h) {
            if (h == null) {
                return null;
            }
            int min = h.integer("minReplicas", 1, 1, 1000);
            int max = h.integer("maxReplicas", Math.max(min, 3), 1, 1000);
            if (max < min) {
                h.fail("maxReplicas", "must be at least minReplicas (" + min + ")");
            }
            int cpu = h.integer("cpuUtilization", 80, 1, 100);
            h.done();
            return new Hpa(min, max, cpu);
        }

        List<EnvironmentSpec> environments(Obj top, String app, boolean hasDatabase) {
            List<EnvironmentSpec> environments = new ArrayList<>();
            Node list = top.node("environments");
            if (list == null) {
                top.required("environments");
                return environments;
            }
            Set<String> names = new HashSet<>();
            Set<String> namespaces = new HashSet<>();
            top.each("environments", (item, path) -> {
                Obj e = obj(item, path);
                if (e == null) {
                    return;
                }
                String name = e.string("name", true, null);
                boolean nameValid = false;
                if (name != null) {
                    if (!DNS_LABEL.matcher(name).matches() || name.length() > 20) {
                        e.fail("name", "must be a short lower-case name such as staging or production");
                    } else if (!names.add(name)) {
                        e.fail("name", "environment '" + name + "' is defined twice");
                    } else {
                        nameValid = true;
                    }
                }
                String namespace = e.string("namespace", false, app != null && nameValid ? app + "-" + name : null);
                if (namespace != null) {
                    if (!DNS_LABEL.matcher(namespace).matches() || namespace.length() > 63) {
                        e.fail("namespace", "must be a Kubernetes namespace name (lower-case DNS label)");
                    } else if (!namespaces.add(namespace)) {
                        e.fail("namespace", "namespace '" + namespace + "' is used by two environments");
                    }
                }
                Strategy strategy = e.enumeration("strategy", Strategy.class, Strategy.ROLLING);
                Canary canary = null;
                Node canaryNode = e.node("canary");
                if (strategy == Strategy.CANARY) {
                    canary = canary(e.object("canary", true));
                } else if (canaryNode != null) {
                    e.object("canary", false);
                    e.fail("canary", "is only for strategy: canary");
                }
                boolean approval = e.bool("approval", false);
                boolean backupBefore = e.bool("backupBefore", false);
                if (backupBefore && !hasDatabase) {
                    e.fail("backupBefore", "needs a top-level database section to back up");
                }
                int deadline = e.duration("progressDeadline", 600);
                if (deadline == 0) {
                    e.fail("progressDeadline", "must be longer than 0s");
                }
                e.done();
                environments.add(new EnvironmentSpec(name, namespace, strategy, canary, approval, backupBefore,
                        deadline));
            });
            if (environments.isEmpty() && list instanceof Sequence) {
                error(list, "environments", "must list at least one environment");
            }
            return environments;
        }

        Canary canary(Obj c) {
            if (c == null) {
                return null;
            }
            List<Integer> steps = new ArrayList<>();
            Node stepsNode = c.node("steps");
            if (stepsNode == null) {
                c.required("steps");
            } else {
                c.each("steps", (item, path) -> {
                    Integer step = intValue(item, path);
                    if (step != null) {
                        steps.add(step);
                    }
                });
                boolean increasing = !steps.isEmpty();
                for (int i = 0; i < steps.size(); i++) {
                    int step = steps.get(i);
                    if (step < 1 || step > 99 || i > 0 && step <= steps.get(i - 1)) {
                        increasing = false;
                    }
                }
                if (!increasing && stepsNode instanceof Sequence) {
                    c.fail("steps", "must be increasing percentages between 1 and 99, such as [10, 25, 50]");
                }
            }
            int interval = c.duration("interval", 60);
            if (interval == 0) {
                c.fail("interval", "must be at least 1s");
            }
            Traffic traffic = c.enumeration("traffic", Traffic.class, Traffic.REPLICAS);
            Analysis analysis = analysis(c.object("analysis", false));
            c.done();
            return new Canary(steps, interval, traffic, analysis);
        }

        Analysis analysis(Obj a) {
            if (a == null) {
                return new Analysis(1, List.of(), null, true);
            }
            int failureLimit = a.integer("failureLimit", 1, 0, 100);
            List<Metric> metrics = new ArrayList<>();
            Set<String> metricNames = new HashSet<>();
            a.each("metrics", (item, path) -> {
                Obj m = obj(item, path);
                if (m == null) {
                    return;
                }
                String name = m.string("name", true, null);
                if (name != null && !metricNames.add(name)) {
                    m.fail("name", "metric '" + name + "' is defined twice");
                }
                String query = m.string("query", true, null);
                if (query != null && query.isBlank()) {
                    m.fail("query", "must be a PromQL query");
                }
                Double max = m.number("max");
                Double min = m.number("min");
                if (max == null && min == null && m.node("max") == null && m.node("min") == null) {
                    error(item, path, "needs a threshold: max, min or both");
                } else if (max != null && min != null && min > max) {
                    m.fail("min", "must not be above max");
                }
                m.done();
                metrics.add(new Metric(name, query, max, min));
            });
            String http = a.string("http", false, null);
            if (http != null) {
                try {
                    URI uri = URI.create(http);
                    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                        a.fail("http", "must be an http(s) URL");
                    }
                } catch (IllegalArgumentException ex) {
                    a.fail("http", "must be an http(s) URL");
                }
            }
            boolean kubernetes = a.bool("kubernetes", true);
            a.done();
            return new Analysis(failureLimit, metrics, http, kubernetes);
        }

        DatabaseSpec database(Obj d) {
            if (d == null) {
                return null;
            }
            String host = d.string("host", true, null);
            int port = d.integer("port", 5432, 1, 65535);
            String name = d.string("name", true, null);
            String user = d.string("user", true, null);
            String passwordSecret = d.string("passwordSecret", true, null);
            if (passwordSecret != null && !ENV_NAME.matcher(passwordSecret).matches()) {
                d.fail("passwordSecret", "must be the key of a secret, such as DATABASE_PASSWORD");
            }
            String schedule = d.string("schedule", false, null);
            if (schedule != null) {
                String problem = Cron.problem(schedule);
                if (problem != null) {
                    d.fail("schedule", problem);
                }
            }
            int retention = d.integer("retentionDays", 7, 1, 3650);
            DatabaseSpec.Verify verify = d.enumeration("verify", DatabaseSpec.Verify.class, DatabaseSpec.Verify.EVERY);
            String probeQuery = d.string("probeQuery", false, null);
            d.done();
            return new DatabaseSpec(host, port, name, user, passwordSecret, schedule, retention, verify, probeQuery);
        }

        Integer intValue(Node node, String path) {
            if (node instanceof Scalar s && s.token() == JsonToken.VALUE_NUMBER_INT) {
                try {
                    return Integer.valueOf(s.text());
                } catch (NumberFormatException e) {
                    error(node, path, "is too large");
                    return null;
                }
            }
            error(node, path, "must be a whole number, not " + node.describe());
            return null;
        }

        /** A mapping node as an {@link Obj}, or null (and an error) when it is something else. */
        Obj obj(Node node, String path) {
            if (node instanceof Mapping m) {
                return new Obj(this, m, path);
            }
            error(node, path, "must be a mapping of fields, not " + node.describe());
            return null;
        }
    }

    interface ItemReader {
        void read(Node item, String path);
    }

    /** A mapping being read: typed accessors that record errors, and a check for fields nobody asked for. */
    private static final class Obj {
        private final Binder binder;
        private final Mapping mapping;
        private final String path;
        private final Set<String> known = new LinkedHashSet<>();

        Obj(Binder binder, Mapping mapping, String path) {
            this.binder = binder;
            this.mapping = mapping;
            this.path = path;
        }

        String field(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        Node node(String key) {
            known.add(key);
            return mapping.get(key);
        }

        void fail(String key, String message) {
            Node at = mapping.get(key);
            binder.error(at == null ? mapping : at, field(key), message);
        }

        void failItem(String key, int index, String message) {
            Node list = mapping.get(key);
            Node at = list instanceof Sequence s && index < s.items().size() ? s.items().get(index) : list;
            binder.error(at, field(key) + "[" + index + "]", message);
        }

        void required(String key) {
            binder.error(mapping, field(key), "is required");
        }

        /** Null for absent or explicit null; an error when required. */
        private Node present(String key, boolean required) {
            Node node = node(key);
            if (node == null || node instanceof Scalar s && s.isNull()) {
                if (required) {
                    binder.error(node == null ? mapping : node, field(key), "is required");
                }
                return null;
            }
            return node;
        }

        String string(String key, boolean required, String defaultValue) {
            Node node = present(key, required);
            if (node == null) {
                return defaultValue;
            }
            if (node instanceof Scalar s && s.token() != JsonToken.VALUE_TRUE && s.token() != JsonToken.VALUE_FALSE) {
                return s.text();
            }
            binder.error(node, field(key), "must be a string, not " + node.describe());
            return defaultValue;
        }

        int integer(String key, int defaultValue, int min, int max) {
            Node node = present(key, false);
            if (node == null) {
                return defaultValue;
            }
            Integer value = binder.intValue(node, field(key));
            if (value == null) {
                return defaultValue;
            }
            if (value < min || value > max) {
                binder.error(node, field(key), "must be between " + min + " and " + max);
                return defaultValue;
            }
            return value;
        }

        Double number(String key) {
            Node node = present(key, false);
            if (node == null) {
                return null;
            }
            if (node instanceof Scalar s
                    && (s.token() == JsonToken.VALUE_NUMBER_INT || s.token() == JsonToken.VALUE_NUMBER_FLOAT)) {
                return Double.valueOf(s.text());
            }
            binder.error(node, field(key), "must be a number, not " + node.describe());
            return null;
        }

        boolean bool(String key, boolean defaultValue) {
            Node node = present(key, false);
            if (node == null) {
                return defaultValue;
            }
            if (node instanceof Scalar s && (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE)) {
                return s.token() == JsonToken.VALUE_TRUE;
            }
            binder.error(node, field(key), "must be true or false, not " + node.describe());
            return defaultValue;
        }

        /** A duration in seconds ({@code 30s}, {@code 5m}, {@code 1h}, or a number of seconds). */
        int duration(String key, int defaultSeconds) {
            Node node = present(key, false);
            if (node == null) {
                return defaultSeconds;
            }
            int seconds = node instanceof Scalar s && (s.token() == JsonToken.VALUE_STRING
                    || s.token() == JsonToken.VALUE_NUMBER_INT) ? seconds(s.text().strip()) : -1;
            if (seconds < 0) {
                binder.error(node, field(key), "must be a duration such as 30s, 5m or 1h");
                return defaultSeconds;
            }
            return seconds;
        }

        <E extends Enum<E>> E enumeration(String key, Class<E> type, E defaultValue) {
            String text = string(key, false, null);
            if (text == null) {
                return defaultValue;
            }
            for (E value : type.getEnumConstants()) {
                if (value.name().equalsIgnoreCase(text.strip())) {
                    return value;
                }
            }
            List<String> allowed = new ArrayList<>();
            for (E value : type.getEnumConstants()) {
                allowed.add(value.name().toLowerCase(Locale.ROOT));
            }
            binder.error(mapping.get(key), field(key), "must be one of " + String.join(", ", allowed) + ", not '"
                    + text + "'");
            return defaultValue;
        }

        List<String> strings(String key) {
            List<String> values = new ArrayList<>();
            Node node = present(key, false);
            if (node == null) {
                return values;
            }
            if (!(node instanceof Sequence seq)) {
                binder.error(node, field(key), "must be a list of strings, not " + node.describe());
                return values;
            }
            for (int i = 0; i < seq.items().size(); i++) {
                Node item = seq.items().get(i);
                if (item instanceof Scalar s && !s.isNull() && s.token() != JsonToken.VALUE_TRUE
                        && s.token() != JsonToken.VALUE_FALSE) {
                    values.add(s.text());
                } else {
                    binder.error(item, field(key) + "[" + i + "]", "must be a string, not " + item.describe());
                }
            }
            return values;
        }

        Map<String, String> stringMap(String key, Pattern keyPattern, String keyDescription) {
            Map<String, String> values = new LinkedHashMap<>();
            Node node = present(key, false);
            if (node == null) {
                return values;
            }
            if (!(node instanceof Mapping m)) {
                binder.error(node, field(key), "must be a mapping of names to values, not " + node.describe());
                return values;
            }
            m.entries().forEach((name, entry) -> {
                String entryField = field(key) + "." + name;
                if (!keyPattern.matcher(name).matches()) {
                    YamlTree.Key k = entry.getKey();
                    binder.errors.add(new SpecError(binder.file, k.line(), k.column(), entryField,
                            "must be " + keyDescription));
                }
                if (entry.getValue() instanceof Scalar s && !s.isNull()) {
                    values.put(name, s.text());
                } else {
                    binder.error(entry.getValue(), entryField, "must be a string, not " + entry.getValue().describe());
                }
            });
            return values;
        }

        Obj object(String key, boolean required) {
            Node node = present(key, required);
            return node == null ? null : binder.obj(node, field(key));
        }

        void each(String key, ItemReader reader) {
            Node node = present(key, false);
            if (node == null) {
                return;
            }
            if (!(node instanceof Sequence seq)) {
                binder.error(node, field(key), "must be a list, not " + node.describe());
                return;
            }
            for (int i = 0; i < seq.items().size(); i++) {
                reader.read(seq.items().get(i), field(key) + "[" + i + "]");
            }
        }

        /** Reports every field that no accessor asked for, suggesting the nearest known name. */
        void done() {
            mapping.entries().forEach((name, entry) -> {
                if (!known.contains(name)) {
                    YamlTree.Key k = entry.getKey();
                    String suggestion = nearest(name, known);
                    binder.errors.add(new SpecError(binder.file, k.line(), k.column(), field(name),
                            "unknown field" + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")));
                }
            });
        }

        private static String nearest(String name, Set<String> candidates) {
            String best = null;
            int bestDistance = 3;
            for (String candidate : candidates) {
                int d = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
                if (d < bestDistance) {
                    best = candidate;
                    bestDistance = d;
                }
            }
            return best;
        }

        private static int distance(String a, String b) {
            int[] previous = new int[b.length() + 1];
            int[] current = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                previous[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                current[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                    current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }
                int[] swap = previous;
                previous = current;
                current = swap;
            }
            return previous[b.length()];
        }
    }
}

package dev.slipway.install.chart.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

/**
 * Slipway's chart ({@code deploy/helm/slipway}) through real Helm (helm-java embeds the Helm 3 library): lint and
 * render as release {@value #RELEASE} in namespace {@value #NAMESPACE}.
 */
public final class SlipwayChart {

    public static final String RELEASE = "slipway";
    public static final String NAMESPACE = "slipway-system";
    /** The six services, by their key in values. */
    public static final List<String> SERVICES = List.of("gateway", "build", "chart", "deploy", "secrets", "backup");

    private static final YAMLMapper YAML = new YAMLMapper();

    private SlipwayChart() {
    }

    /** The chart's directory in the source tree. */
    public static Path dir() {
        return Path.of(System.getProperty("slipway.chart.dir", "helm/slipway")).toAbsolutePath();
    }

    /** The repository's root, where the services' modules are. */
    public static Path repositoryRoot() {
        return Path.of(System.getProperty("slipway.repository.root", "..")).toAbsolutePath().normalize();
    }

    /** Name of a service's Deployment, Service, ServiceAccount, ... in a release named {@value #RELEASE}. */
    public static String objectName(String key) {
        return RELEASE + "-" + key;
    }

    /** Renders with the chart's own values and {@code overrides} over them. */
    public static Manifests render(Map<String, ?> overrides) {
        return Manifests.parse(template(overrides));
    }

    /** The rendered YAML stream. */
    public static String template(Map<String, ?> overrides) {
        Path values = write(overrides);
        try {
            TemplateCommand command = new Helm(dir()).template().withName(RELEASE).withNamespace(NAMESPACE)
                    .withValuesFile(values);
            return command.call();
        } finally {
            delete(values);
        }
    }

    /** {@code helm lint --strict} of the chart with its own values. */
    public static LintResult lint() {
        return new Helm(dir()).lint().strict().call();
    }

    /**
     * {@code helm lint --strict} of a copy of the chart in {@code work} whose {@code values.yaml} is the chart's own
     * with {@code overrides} merged over it (helm-java's lint takes no values file).
     */
    public static LintResult lint(Path work, Map<String, ?> overrides) {
        Path copy = work.resolve("slipway");
        copyTree(dir(), copy);
        Map<String, Object> merged = merge(read(dir().resolve("values.yaml")), overrides);
        try {
            Files.writeString(copy.resolve("values.yaml"), YAML.writeValueAsString(merged));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Helm(copy).lint().strict().call();
    }

    /** A values file of the tests ({@code src/test/resources/values/<name>.yaml}). */
    public static Map<String, Object> values(String name) {
        try (InputStream in = SlipwayChart.class.getResourceAsStream("/values/" + name + ".yaml")) {
            if (in == null) {
                throw new IllegalArgumentException("no test values " + name);
            }
            return YAML.readValue(in, new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code overrides} deep-merged over {@code base}, as Helm merges values files. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> merge(Map<String, ?> base, Map<String, ?> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        overrides.forEach((key, value) -> {
            Object existing = merged.get(key);
            if (existing instanceof Map<?, ?> a && value instanceof Map<?, ?> b) {
                merged.put(key, merge((Map<String, ?>) a, (Map<String, ?>) b));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private static Map<String, Object> read(Path file) {
        try {
            return YAML.readValue(file.toFile(), new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Map<String, ?> values) {
        try {
            Path file = Files.createTempFile("slipway-values-", ".yaml");
            Files.writeString(file, YAML.writeValueAsString(values));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

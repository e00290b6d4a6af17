package dev.slipway.install.chart.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration a service documents, as environment variable names: every key in code spans of its README (with
 * the README's {@code `a.b.c`, `.d`} shorthand for siblings) and of its configuration interfaces' javadoc, every key of
 * its {@code application.properties} (commented ones included), and every upper-case variable name any of them
 * mentions. {@code <name>} placeholders of map keys match any lowercase-letters-and-digits key.
 */
public final class DocumentedConfig {

    private static final Pattern BACKTICKED = Pattern.compile("`([^`\\s]+)`");
    private static final Pattern KEY = Pattern.compile("(slipway|quarkus|kafka)(\\.[a-z0-9<>\"-]+)+");
    private static final Pattern SIBLING = Pattern.compile("\\.[a-z0-9<>-]+");
    private static final Pattern VARIABLE = Pattern.compile("\\b[A-Z][A-Z0-9]*(_[A-Z0-9<>]+)+\\b");
    private static final Pattern CODE = Pattern.compile("\\{@code ([^}\\s]+)}");
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([a-z0-9-]+)</artifactId>");
    private static final Pattern PROPERTY = Pattern.compile("(?m)^#?((slipway|quarkus|kafka)\\.[^=\\s]+)=");

    private final List<Pattern> variables;

    private DocumentedConfig(List<Pattern> variables) {
        this.variables = variables;
    }

    /**
     * What {@code service} ({@code gateway-service}, ...) documents, read from its module in the repository and from
     * the Slipway modules it depends on (such as {@code api-auth}): READMEs, {@code application.properties} and the
     * javadoc of {@code @ConfigMapping} interfaces ({@code *Config.java}).
     */
    public static DocumentedConfig of(String service) {
        Path root = SlipwayChart.repositoryRoot();
        List<String> names = new ArrayList<>();
        for (Path module : modules(root, service)) {
            String readme = read(module.resolve("README.md"));
            String properties = read(module.resolve("src/main/resources/application.properties"));
            String javadoc = configSources(module);
            names.addAll(keys(BACKTICKED.matcher(readme)));
            names.addAll(keys(CODE.matcher(javadoc)));
            Matcher keys = PROPERTY.matcher(properties);
            while (keys.find()) {
                names.add(variable(keys.group(1)));
            }
            for (String text : List.of(readme, properties, javadoc)) {
                Matcher upper = VARIABLE.matcher(text);
                while (upper.find()) {
                    names.add(upper.group());
                }
            }
        }
        return new DocumentedConfig(names.stream().map(DocumentedConfig::pattern).toList());
    }

    /** The service's module and the repository's modules it depends on. */
    private static List<Path> modules(Path root, String service) {
        List<Path> modules = new ArrayList<>(List.of(root.resolve(service)));
        Matcher artifacts = ARTIFACT.matcher(read(root.resolve(service).resolve("pom.xml")));
        while (artifacts.find()) {
            Path module = root.resolve(artifacts.group(1));
            if (!module.equals(root.resolve(service)) && Files.isRegularFile(module.resolve("pom.xml"))) {
                modules.add(module);
            }
        }
        return modules;
    }

    /** Keys and variable names among code spans, with the {@code `a.b.c`, `.d`} shorthand for siblings. */
    private static List<String> keys(Matcher spans) {
        List<String> names = new ArrayList<>();
        String lastKey = null;
        while (spans.find()) {
            String token = spans.group(1);
            if (KEY.matcher(token).matches()) {
                lastKey = token;
                names.add(variable(token));
            } else if (SIBLING.matcher(token).matches() && lastKey != null) {
                names.add(variable(lastKey.substring(0, lastKey.lastIndexOf('.')) + token));
            } else if (VARIABLE.matcher(token).matches()) {
                names.add(token);
            }
        }
        return names;
    }

    private static String configSources(Path module) {
        Path sources = module.resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
            return "";
        }
        try (Stream<Path> files = Files.walk(sources)) {
            StringBuilder text = new StringBuilder();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("Config.java")).toList()) {
                text.append(read(file)).append('\n');
            }
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code name} is one of the variables the service documents. */
    public boolean documents(String name) {
        return variables.stream().anyMatch(p -> p.matcher(name).matches());
    }

    /** MicroProfile Config's environment form of a key: upper case, every other character an underscore. */
    static String variable(String key) {
        StringBuilder out = new StringBuilder();
        Matcher placeholder = Pattern.compile("<[a-z]+>").matcher(key);
        int at = 0;
        while (placeholder.find()) {
            out.append(plain(key.substring(at, placeholder.start())));
            out.append(placeholder.group().toUpperCase(Locale.ROOT));
            at = placeholder.end();
        }
        return out.append(plain(key.substring(at))).toString();
    }

    private static String plain(String part) {
        return part.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static Pattern pattern(String variable) {
        StringBuilder regex = new StringBuilder();
        for (String piece : variable.split("(?=<)|(?<=>)")) {
            regex.append(piece.matches("<[A-Z]+>") ? "[A-Z0-9]+" : Pattern.quote(piece));
        }
        return Pattern.compile(regex.toString());
    }

    private static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

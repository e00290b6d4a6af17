package dev.slipway.chart.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.ShowCommand;
import com.marcnuri.helm.TemplateCommand;

import dev.slipway.chart.registry.RegistryException;
import dev.slipway.chart.source.InvalidChartException;

/**
 * Helm 3 through helm-java, which embeds the Helm library: lint, render, package, push, and read back from an OCI
 * registry. Helm reports failures as {@link IllegalStateException}s carrying its error text; this class turns them into
 * {@link InvalidChartException} (the chart is wrong) or {@link RegistryException} (the registry did not take it).
 */
public final class HelmCharts {

    private static final Pattern DIGEST = Pattern.compile("Digest:\\s*(sha256:[0-9a-f]{64})");

    private final boolean plainHttp;

    /** @param plainHttp talk to the registry over plain http (a registry without TLS) */
    public HelmCharts(boolean plainHttp) {
        this.plainHttp = plainHttp;
    }

    /**
     * Lints {@code chartDir} strictly (warnings fail), with its own {@code values.yaml} checked against its
     * {@code values.schema.json}.
     *
     * @return Helm's messages (informational ones included)
     * @throws InvalidChartException when lint fails; its message names every finding
     */
    public List<String> lint(Path chartDir) throws InvalidChartException {
        LintResult result;
        try {
            result = new Helm(chartDir).lint().strict().call();
        } catch (IllegalStateException e) {
            throw new InvalidChartException("helm lint failed: " + oneLine(e.getMessage()), e);
        }
        if (result.isFailed()) {
            List<String> findings = result.getMessages().stream()
                    .filter(m -> !m.startsWith("[INFO]"))
                    .toList();
            throw new InvalidChartException("helm lint --strict failed: "
                    + String.join("; ", findings.isEmpty() ? result.getMessages() : findings));
        }
        return result.getMessages();
    }

    /**
     * Renders {@code chartDir} as release {@code release} in {@code namespace}, with {@code valuesFile} (or null) over
     * the chart's values.
     *
     * @return the manifests, a multi-document YAML stream
     * @throws InvalidChartException when a template fails or a value breaks the schema
     */
    public String template(Path chartDir, String release, String namespace, Path valuesFile)
            throws InvalidChartException {
        TemplateCommand command = new Helm(chartDir).template().withName(release);
        if (namespace != null) {
            command = command.withNamespace(namespace);
        }
        if (valuesFile != null) {
            command = command.withValuesFile(valuesFile);
        }
        try {
            return command.call();
        } catch (IllegalStateException e) {
            throw new InvalidChartException("helm template failed: " + oneLine(e.getMessage()), e);
        }
    }

    /**
     * Packages {@code chartDir} into {@code destination}.
     *
     * @return the chart archive, {@code <name>-<version>.tgz}
     */
    public Path packageChart(Path chartDir, Path destination) throws InvalidChartException {
        try {
            Files.createDirectories(destination);
            new Helm(chartDir).packageIt().withDestination(destination).call();
        } catch (IllegalStateException e) {
            throw new InvalidChartException("helm package failed: " + oneLine(e.getMessage()), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Stream<Path> files = Files.list(destination)) {
            List<Path> archives = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).toList();
            if (archives.size() != 1) {
                throw new IllegalStateException("expected one chart archive in " + destination + ", found "
                        + archives);
            }
            return archives.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Pushes a chart archive to {@code remote} ({@code oci://registry/charts}); Helm appends the chart's name and
     * version, so the chart lands at {@code registry/charts/<name>:<version>}.
     *
     * @return the pushed manifest's digest
     * @throws RegistryException when the registry does not take the chart
     */
    public String push(Path archive, URI remote) throws RegistryException {
        var command = Helm.push().withChart(archive).withRemote(remote);
        if (plainHttp) {
            command = command.plainHttp();
        }
        String out;
        try {
            out = command.call();
        } catch (IllegalStateException e) {
            throw new RegistryException("helm push to " + remote + " failed: " + oneLine(e.getMessage()), e);
        }
        Matcher digest = DIGEST.matcher(out == null ? "" : out);
        if (!digest.find()) {
            throw new RegistryException("helm push to " + remote + " reported no digest: " + oneLine(out), null);
        }
        return digest.group(1);
    }

    /** {@code Chart.yaml} of a chart in a registry ({@code oci://registry/charts/<name>}). */
    public String showChart(String reference, String version) throws RegistryException {
        return show(Helm.show(reference).chart(), reference, version);
    }

    /** {@code values.yaml} of a chart in a registry ({@code oci://registry/charts/<name>}). */
    public String showValues(String reference, String version) throws RegistryException {
        return show(Helm.show(reference).values(), reference, version);
    }

    private String show(ShowCommand.ShowSubcommand command, String reference, String version)
            throws RegistryException {
        command = command.withVersion(version);
        if (plainHttp) {
            command = command.plainHttp();
        }
        try {
            return command.call();
        } catch (IllegalStateException e) {
            throw new RegistryException("helm show " + reference + " " + version + " failed: "
                    + oneLine(e.getMessage()), e);
        }
    }

    /**
     * Renders a chart straight from a registry ({@code oci://registry/charts/<name>}) with {@code valuesFile} (or
     * null).
     */
    public String templateRemote(String reference, String version, String release, String namespace,
            Path valuesFile) throws InvalidChartException, RegistryException {
        TemplateCommand command = Helm.template(reference).withVersion(version).withName(release);
        if (namespace != null) {
            command = command.withNamespace(namespace);
        }
        if (valuesFile != null) {
            command = command.withValuesFile(valuesFile);
        }
        if (plainHttp) {
            command = command.plainHttp();
        }
        try {
            return command.call();
        } catch (IllegalStateException e) {
            String message = oneLine(e.getMessage());
            if (message.contains("failed to do request") || message.contains("not found")) {
                throw new RegistryException("helm template " + reference + " " + version + " failed: " + message,
                        e);
            }
            throw new InvalidChartException("helm template failed: " + message, e);
        }
    }

    /** Helm's multi-line error text as separate lines, for a log tail. */
    public static List<String> lines(String message) {
        List<String> lines = new ArrayList<>();
        if (message != null) {
            for (String line : message.split("\\R")) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
        }
        return lines;
    }

    private static String oneLine(String message) {
        return String.join("; ", lines(message));
    }
}

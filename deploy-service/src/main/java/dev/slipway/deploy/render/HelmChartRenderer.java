package dev.slipway.deploy.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.events.ChartRef;
import dev.slipway.runtime.StageException;

/**
 * Renders the chart straight from its {@code oci://} reference with the embedded Helm library. Values go through a
 * values file rather than {@code --set}, whose syntax would split on the commas and dots of label keys and values.
 */
public final class HelmChartRenderer implements ChartRenderer {

    private static final Logger LOG = Logger.getLogger(HelmChartRenderer.class);
    private static final YAMLMapper YAML = new YAMLMapper();

    private final boolean plainHttp;
    private final String kubeVersion;

    /**
     * @param plainHttp talk to the registry over plain HTTP (a registry inside the cluster network)
     * @param kubeVersion the Kubernetes version templates see as {@code .Capabilities.KubeVersion}, or null
     */
    public HelmChartRenderer(boolean plainHttp, String kubeVersion) {
        this.plainHttp = plainHttp;
        this.kubeVersion = kubeVersion;
    }

    /** The {@code oci://} reference of the chart, whether the repository names the chart or only its folder. */
    public static String reference(ChartRef chart) {
        String repository = chart.repository().endsWith("/")
                ? chart.repository().substring(0, chart.repository().length() - 1)
                : chart.repository();
        return repository.endsWith("/" + chart.name()) ? repository : repository + "/" + chart.name();
    }

    @Override
    public List<ObjectNode> render(ChartRef chart, String release, String namespace, Map<String, Object> values)
            throws StageException {
        Path valuesFile = null;
        try {
            valuesFile = Files.createTempFile("slipway-values-", ".yaml");
            YAML.writeValue(valuesFile.toFile(), values);
            TemplateCommand template = Helm.template(reference(chart))
                    .withName(release)
                    .withVersion(chart.version())
                    .withNamespace(namespace)
                    .withValuesFile(valuesFile);
            if (plainHttp) {
                template.plainHttp();
            }
            if (kubeVersion != null && !kubeVersion.isBlank()) {
                template.withKubeVersion(kubeVersion);
            }
            return Manifests.parse(template.call());
        } catch (IOException e) {
            throw StageException.of(FailureReason.INTERNAL, "cannot write the values file: " + e.getMessage(), e);
        } catch (StageException e) {
            throw e;
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.debugf(e, "Rendering %s %s failed", reference(chart), chart.version());
            throw StageException.of(unreachable(message) ? FailureReason.UNAVAILABLE : FailureReason.INVALID_INPUT,
                    "cannot render " + reference(chart) + ":" + chart.version() + ": " + message.strip());
        } finally {
            if (valuesFile != null) {
                try {
                    Files.deleteIfExists(valuesFile);
                } catch (IOException e) {
                    LOG.debugf("Cannot delete %s", valuesFile);
                }
            }
        }
    }

    private static boolean unreachable(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("connection refused") || m.contains("i/o timeout") || m.contains("no such host")
                || m.contains("connection reset") || m.contains("tls handshake timeout")
                || m.contains("context deadline exceeded") || m.contains("503 service unavailable");
    }
}

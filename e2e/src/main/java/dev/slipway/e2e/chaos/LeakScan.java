package dev.slipway.e2e.chaos;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Looks for a secret value everywhere it must not be: every log file, every record (key, value and headers) of every
 * topic on the broker, and every object in the Kubernetes API — whole objects, with the one exception of a Secret's
 * {@code data}, and with release-state ConfigMaps' gzipped entries unpacked. Both the value and its base64 form are
 * looked for.
 */
public final class LeakScan {

    /** Kinds a Slipway release or its state can hold, besides ConfigMaps and Secrets. */
    private static final List<String[]> KINDS = List.of(new String[]{"v1", "Namespace"},
            new String[]{"v1", "Service"}, new String[]{"v1", "Pod"}, new String[]{"v1", "ServiceAccount"},
            new String[]{"apps/v1", "Deployment"}, new String[]{"autoscaling/v2", "HorizontalPodAutoscaler"},
            new String[]{"networking.k8s.io/v1", "Ingress"}, new String[]{"policy/v1", "PodDisruptionBudget"},
            new String[]{"gateway.networking.k8s.io/v1", "HTTPRoute"});

    private final List<String> needles;

    public LeakScan(String secret) {
        this.needles = List.of(secret, Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
    }

    private boolean holds(String text) {
        return text != null && needles.stream().anyMatch(text::contains);
    }

    /** Files under {@code dir} (recursively) whose text holds the value. */
    public List<String> inFiles(Path dir, String glob) {
        List<String> found = new ArrayList<>();
        var matcher = dir.getFileSystem().getPathMatcher("glob:" + glob);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> matcher.matches(f.getFileName()))
                    .toList()) {
                try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
                    if (lines.anyMatch(this::holds)) {
                        found.add(file.toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the logs in " + dir, e);
        }
        return found;
    }

    /** Records of any topic on the broker (internal ones aside) holding the value; also how many were read. */
    public List<String> inTopics(String bootstrap, int[] recordsRead) {
        Set<String> topics;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            topics = admin.listTopics().names().get();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot list the topics", e);
        }
        List<String> found = new ArrayList<>();
        List<ConsumerRecord<String, String>> records = MalformedRecords.readAll(bootstrap, List.copyOf(topics));
        recordsRead[0] = records.size();
        for (ConsumerRecord<String, String> record : records) {
            boolean leak = holds(record.key()) || holds(record.value());
            for (Header header : record.headers()) {
                leak |= header.value() != null && holds(new String(header.value(), StandardCharsets.UTF_8));
            }
            if (leak) {
                found.add(record.topic() + "/" + record.partition() + "@" + record.offset());
            }
        }
        return found;
    }

    /**
     * Objects of the API server holding the value outside a Secret's data; {@code secretsHolding} gets the Secrets
     * whose data holds it (where it belongs).
     */
    public List<String> inKubernetes(KubernetesClient client, List<String> secretsHolding) {
        List<String> found = new ArrayList<>();
        for (Secret secret : client.secrets().inAnyNamespace().list().getItems()) {
            Map<String, String> data = secret.getData();
            Map<String, String> stringData = secret.getStringData();
            secret.setData(null);
            secret.setStringData(null);
            check(secret, found);
            if (stringData != null && stringData.values().stream().anyMatch(this::holds)) {
                found.add(name(secret) + " stringData");
            }
            if (data != null && data.values().stream().anyMatch(v -> holds(decode(v)))) {
                secretsHolding.add(name(secret));
            }
        }
        for (ConfigMap map : client.configMaps().inAnyNamespace().list().getItems()) {
            check(map, found);
            if (map.getBinaryData() != null) {
                map.getBinaryData().forEach((key, value) -> {
                    if (holds(gunzipped(value))) {
                        found.add(name(map) + " binaryData." + key);
                    }
                });
            }
            if (map.getData() != null) {
                map.getData().forEach((key, value) -> {
                    if (holds(gunzipped(value))) {
                        found.add(name(map) + " data." + key + " (gzipped)");
                    }
                });
            }
        }
        for (String[] kind : KINDS) {
            List<GenericKubernetesResource> items;
            try {
                items = client.genericKubernetesResources(kind[0], kind[1]).inAnyNamespace().list().getItems();
            } catch (RuntimeException e) {
                continue;
            }
            for (GenericKubernetesResource item : items) {
                check(item, found);
            }
        }
        return found;
    }

    private void check(HasMetadata object, List<String> found) {
        if (holds(Serialization.asJson(object))) {
            found.add(name(object));
        }
    }

    private static String name(HasMetadata object) {
        return object.getKind() + " " + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return base64;
        }
    }

    /** The text of a base64 gzip entry, or nothing when it is not one. */
    private static String gunzipped(String base64) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(base64)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}

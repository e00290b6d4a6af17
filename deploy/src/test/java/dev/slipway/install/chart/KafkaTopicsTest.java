package dev.slipway.install.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import dev.slipway.contracts.Topics;
import dev.slipway.install.chart.support.Manifests;
import dev.slipway.install.chart.support.SlipwayChart;

/** Strimzi KafkaTopic resources for every pipeline topic and its dead-letter topic, when asked for. */
class KafkaTopicsTest {

    private final Manifests production = SlipwayChart.render(SlipwayChart.values("production"));

    @Test
    void noTopicResourcesUnlessStrimziTopicsAreEnabled() {
        assertThat(SlipwayChart.render(Map.of()).generic("KafkaTopic")).isEmpty();
    }

    @Test
    void everyPipelineTopicAndItsDeadLetterTopicIsAKafkaTopic() {
        List<String> expected = Topics.ALL.stream().flatMap(t -> Stream.of(t, Topics.dlq(t))).toList();

        assertThat(production.generic("KafkaTopic")).extracting(t -> (String) t.get("spec", "topicName"))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(production.generic("KafkaTopic")).allSatisfy(topic -> {
            assertThat(topic.getApiVersion()).isEqualTo("kafka.strimzi.io/v1beta2");
            assertThat(topic.getMetadata().getNamespace()).isEqualTo("kafka");
            assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "kafka");
            assertThat(topic.<Integer>get("spec", "replicas")).isEqualTo(3);
        });
    }

    @Test
    void partitionsAndRetentionComeFromDefaultsAndPerTopicOverrides() {
        assertThat(topic("image-built").<Integer>get("spec", "partitions")).isEqualTo(12);
        assertThat(topic("commit-pushed").<Integer>get("spec", "partitions")).isEqualTo(24);
        assertThat(topic("commit-pushed").<String>get("spec", "config", "retention.ms")).isEqualTo("1209600000");
        assertThat(topic("image-built").<String>get("spec", "config", "retention.ms")).isEqualTo("604800000");
        assertThat(topic("image-built").<String>get("spec", "config", "min.insync.replicas")).isEqualTo("2");

        GenericKubernetesResource dlq = topic("commit-pushed.dlq");
        assertThat(dlq.<Integer>get("spec", "partitions")).isEqualTo(1);
        assertThat(dlq.<String>get("spec", "config", "retention.ms")).isEqualTo("2592000000");
        assertThat(dlq.<String>get("spec", "config", "min.insync.replicas")).isEqualTo("2");
    }

    @Test
    void topicsLiveInTheReleaseNamespaceUnlessTheOperatorWatchesAnother() {
        Manifests manifests = SlipwayChart.render(Map.of("kafka", Map.of("strimziTopics", Map.of("enabled", true))));

        assertThat(manifests.generic("KafkaTopic")).hasSize(20).allSatisfy(topic -> assertThat(
                topic.getMetadata().getNamespace()).isEqualTo(SlipwayChart.NAMESPACE));
    }

    private GenericKubernetesResource topic(String name) {
        return production.generic("KafkaTopic").stream().filter(t -> name.equals(t.getMetadata().getName()))
                .findFirst().orElseThrow(() -> new AssertionError("no KafkaTopic " + name));
    }
}

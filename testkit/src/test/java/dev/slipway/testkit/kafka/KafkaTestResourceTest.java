package dev.slipway.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

class KafkaTestResourceTest {

    @Test
    void pointsQuarkusAtSharedBrokerAndGivesOutgoingChannelsACloseTimeout() throws Exception {
        // Given a resource for two outgoing channels and a topic with two partitions
        String topic = "chart-published-" + UUID.randomUUID();
        KafkaTestResource resource = new KafkaTestResource();
        resource.init(Map.of(KafkaTestResource.OUTGOING, "image-built, stage-failed",
                KafkaTestResource.TOPICS, topic, KafkaTestResource.PARTITIONS, "2"));

        // When it starts
        Map<String, String> config = resource.start();

        // Then the application is pointed at the shared broker, without Dev Services
        assertThat(config)
                .containsEntry("kafka.bootstrap.servers", Kafka.shared().bootstrapServers())
                .containsEntry("quarkus.kafka.devservices.enabled", "false")
                .containsEntry("mp.messaging.outgoing.image-built.close-timeout", "2000")
                .containsEntry("mp.messaging.outgoing.stage-failed.close-timeout", "2000");
        // and the topic exists with its partitions
        try (Admin admin = Kafka.shared().admin()) {
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions())
                    .hasSize(2);
        }
    }
}

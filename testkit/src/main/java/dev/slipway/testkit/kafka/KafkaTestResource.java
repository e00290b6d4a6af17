package dev.slipway.testkit.kafka;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the {@linkplain Kafka#shared() shared broker}.
 *
 * <pre>
 * &#64;WithTestResource(value = KafkaTestResource.class, initArgs = {
 *         &#64;ResourceArg(name = KafkaTestResource.OUTGOING, value = Topics.IMAGE_BUILT + "," + Topics.STAGE_FAILED),
 *         &#64;ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.COMMIT_PUSHED),
 *         &#64;ResourceArg(name = KafkaTestResource.PARTITIONS, value = "3") })
 * </pre>
 *
 * <p>
 * Returns {@code kafka.bootstrap.servers}, turns Dev Services off (they cannot run without Docker and would fall back
 * to localhost:9092), and gives every outgoing channel named in {@link #OUTGOING} a close timeout. Quarkus sets
 * {@code mp.messaging.outgoing.<channel>.close-timeout=0} in test mode for each Kafka channel it finds, and SmallRye
 * Reactive Messaging cannot close a producer with a zero timeout, so the producer outlives the application and keeps
 * reconnecting to a stopped broker. A connector-wide {@code close-timeout} does not help: the per-channel default wins
 * over it.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    /** Init arg: comma-separated outgoing Kafka channel names, each given {@link #CLOSE_TIMEOUT_MS}. */
    public static final String OUTGOING = "outgoing";
    /** Init arg: comma-separated topics to create before the application starts. */
    public static final String TOPICS = "topics";
    /** Init arg: partitions of the topics in {@link #TOPICS}; 1 unless given. */
    public static final String PARTITIONS = "partitions";

    /** Milliseconds an outgoing channel's producer may take to close. */
    public static final String CLOSE_TIMEOUT_MS = "2000";

    private List<String> outgoing = List.of();
    private List<String> topics = List.of();
    private int partitions = 1;

    @Override
    public void init(Map<String, String> initArgs) {
        outgoing = list(initArgs.get(OUTGOING));
        topics = list(initArgs.get(TOPICS));
        partitions = Integer.parseInt(initArgs.getOrDefault(PARTITIONS, "1").trim());
    }

    @Override
    public Map<String, String> start() {
        Kafka kafka = Kafka.shared();
        if (!topics.isEmpty()) {
            kafka.createTopics(partitions, topics);
        }
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("quarkus.kafka.devservices.enabled", "false");
        for (String channel : outgoing) {
            config.put("mp.messaging.outgoing." + channel + ".close-timeout", CLOSE_TIMEOUT_MS);
        }
        return config;
    }

    /** The shared broker outlives each application; it stops when the JVM exits. */
    @Override
    public void stop() {
    }

    private static List<String> list(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}

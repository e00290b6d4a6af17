package dev.slipway.testkit.kafka;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

import dev.slipway.testkit.support.FreePorts;
import dev.slipway.testkit.support.SharedServers;
import dev.slipway.testkit.support.TempDirs;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker and controller) inside the test JVM, listening on a random
 * port of 127.0.0.1, with its log directory in a temporary directory.
 *
 * <p>
 * {@link #shared()} starts one broker per JVM on first use (about two seconds) and stops it when the JVM exits. Topics
 * are created on first use with one partition; {@link #createTopic(String, int)} creates them with more.
 */
public final class Kafka implements AutoCloseable {

    static final String BOOTSTRAP_PROPERTY = "slipway.testkit.kafka.bootstrap-servers";

    private static volatile Kafka shared;

    private final EmbeddedKafkaBroker broker;
    private final Path logDir;
    private final String bootstrapServers;

    private Kafka(EmbeddedKafkaBroker broker, Path logDir, String bootstrapServers) {
        this.broker = broker;
        this.logDir = logDir;
        this.bootstrapServers = bootstrapServers;
    }

    /** The broker shared by every test in this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized Kafka shared() {
        if (shared == null) {
            if (SharedServers.startedBySystemClassLoader(Kafka.class)) {
                shared = new Kafka(null, null, SharedServers.published(BOOTSTRAP_PROPERTY));
            } else {
                Kafka kafka = start();
                System.setProperty(BOOTSTRAP_PROPERTY, kafka.bootstrapServers());
                SharedServers.stopOnExit("kafka", kafka::stop);
                shared = kafka;
            }
        }
        return shared;
    }

    /** A broker of the caller's own, for tests that stop it; {@link #close()} it. */
    public static Kafka start() {
        return SharedServers.withContextClassLoaderOf(Kafka.class, Kafka::startBroker);
    }

    private static Kafka startBroker() {
        Path logDir = TempDirs.create("kafka");
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withKafkaHost(FreePorts.LOOPBACK)
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(properties -> {
                    properties.put("log.dir", logDir.toString());
                    // Small thread pools and internal topics: two cores run the broker and the code under test.
                    properties.put("num.network.threads", "2");
                    properties.put("num.io.threads", "2");
                    properties.put("background.threads", "2");
                    properties.put("num.recovery.threads.per.data.dir", "1");
                    properties.put("transaction.state.log.num.partitions", "1");
                    properties.put("offsets.topic.num.partitions", "3");
                });
        try {
            broker.start();
        } catch (RuntimeException e) {
            TempDirs.delete(logDir);
            throw e;
        }
        return new Kafka(broker, logDir, broker.getAdvertisedListeners().replace("PLAINTEXT://", ""));
    }

    /** {@code 127.0.0.1:PORT}, the value for {@code kafka.bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates {@code topic} with {@code partitions} partitions (replication factor 1); an existing topic is kept. */
    public void createTopic(String topic, int partitions) {
        createTopics(partitions, topic);
    }

    /** Creates each of {@code topics} with {@code partitions} partitions; existing topics are kept. */
    public void createTopics(int partitions, String... topics) {
        createTopics(partitions, Arrays.asList(topics));
    }

    /** Creates each of {@code topics} with {@code partitions} partitions; existing topics are kept. */
    public void createTopics(int partitions, List<String> topics) {
        TopicAdmin.create(bootstrapServers, partitions, topics);
    }

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        return TopicAdmin.admin(bootstrapServers);
    }

    /** Client properties with this broker's bootstrap servers, to which a test adds its own. */
    public Properties clientProperties() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers);
        return properties;
    }

    /** A client that sends and awaits CloudEvents on this broker; the caller closes it. */
    public CloudEventsClient cloudEvents() {
        return new CloudEventsClient(bootstrapServers);
    }

    /**
     * Stops a server of the caller's own and deletes its data. The {@linkplain #shared() shared} one ignores this: it
     * stops when the JVM exits.
     */
    @Override
    public void close() {
        if (this != shared) {
            stop();
        }
    }

    private synchronized void stop() {
        if (broker != null) {
            broker.close();
            TempDirs.delete(logDir);
        }
    }

    @Override
    public String toString() {
        return "Kafka[" + bootstrapServers + "]";
    }
}

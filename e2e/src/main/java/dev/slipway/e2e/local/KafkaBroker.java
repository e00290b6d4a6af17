package dev.slipway.e2e.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import dev.slipway.e2e.process.ChildProcess;
import dev.slipway.testkit.support.FreePorts;

/**
 * A standalone Apache Kafka broker in KRaft mode (broker and controller in one process), run from the {@code kafka_2.13}
 * jars of Maven Central that are on this program's class path: the storage is formatted with
 * {@code kafka.tools.StorageTool}, then {@code kafka.Kafka} runs as a process of its own.
 */
public final class KafkaBroker implements AutoCloseable {

    private final ChildProcess process;
    private final String bootstrapServers;
    private final Path dir;
    private final Path config;

    private KafkaBroker(ChildProcess process, String bootstrapServers, Path dir, Path config) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.dir = dir;
        this.config = config;
    }

    /** Starts a broker with its data under {@code dir}, and waits until it answers. */
    public static KafkaBroker start(Path dir) {
        int port = FreePorts.next();
        int controllerPort = FreePorts.next();
        String bootstrap = FreePorts.LOOPBACK + ":" + port;
        try {
            Files.createDirectories(dir.resolve("data"));
            Path config = dir.resolve("server.properties");
            Files.writeString(config, """
                    process.roles=broker,controller
                    node.id=1
                    controller.quorum.voters=1@%1$s:%3$d
                    listeners=PLAINTEXT://%1$s:%2$d,CONTROLLER://%1$s:%3$d
                    advertised.listeners=PLAINTEXT://%1$s:%2$d
                    controller.listener.names=CONTROLLER
                    inter.broker.listener.name=PLAINTEXT
                    listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                    log.dirs=%4$s
                    num.partitions=3
                    offsets.topic.replication.factor=1
                    offsets.topic.num.partitions=3
                    transaction.state.log.replication.factor=1
                    transaction.state.log.min.isr=1
                    transaction.state.log.num.partitions=1
                    share.coordinator.state.topic.replication.factor=1
                    share.coordinator.state.topic.min.isr=1
                    group.initial.rebalance.delay.ms=0
                    num.network.threads=2
                    num.io.threads=2
                    background.threads=2
                    """.formatted(FreePorts.LOOPBACK, port, controllerPort, dir.resolve("data")));
            format(dir, config);
            return launch(dir, config, bootstrap);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the Kafka broker in " + dir, e);
        }
    }

    private static KafkaBroker launch(Path dir, Path config, String bootstrap) {
        ChildProcess process = ChildProcess.start("kafka", List.of(java(), "-Xmx384m", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn", "-cp", classPath(),
                "kafka.Kafka", config.toString()), Map.of(), dir,
                dir.resolve("kafka.log"));
        KafkaBroker broker = new KafkaBroker(process, bootstrap, dir, config);
        try {
            process.awaitReady(Duration.ofMinutes(2), broker::answers);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return broker;
    }

    /**
     * Stops the broker as an orderly restart does ({@code SIGTERM}) and starts it again on the same ports with the
     * same data, waiting until it answers.
     *
     * @return the broker's new process
     */
    public KafkaBroker restart() {
        process.close();
        return launch(dir, config, bootstrapServers);
    }

    private static void format(Path dir, Path config) throws IOException {
        Process format = new ProcessBuilder(java(), "-Xmx256m", "-cp", classPath(),
                "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("format.log").toFile())
                .start();
        try {
            if (!format.waitFor(2, TimeUnit.MINUTES) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("Formatting Kafka's storage failed:\n"
                        + Files.readString(dir.resolve("format.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while formatting Kafka's storage", e);
        }
    }

    private boolean answers() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This program's class path with every entry absolute, for processes started in other directories. */
    static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank()).map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public ChildProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}

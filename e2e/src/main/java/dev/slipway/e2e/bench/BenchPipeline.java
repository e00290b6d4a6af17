package dev.slipway.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import io.fabric8.kubernetes.client.KubernetesClient;

import dev.slipway.e2e.cluster.ControllerSimulator;
import dev.slipway.e2e.fleet.Fleet;
import dev.slipway.e2e.follow.RunFollower;
import dev.slipway.e2e.local.KafkaBroker;
import dev.slipway.e2e.services.Credentials;
import dev.slipway.e2e.services.Infrastructure;
import dev.slipway.e2e.services.PipelineTopics;
import dev.slipway.e2e.services.SealingKeyFile;
import dev.slipway.e2e.services.Service;
import dev.slipway.e2e.services.SlipwayServices;
import dev.slipway.e2e.services.Tuning;
import dev.slipway.testkit.kubernetes.MockKubernetes;
import dev.slipway.testkit.postgres.Postgres;
import dev.slipway.testkit.registry.OciRegistry;
import dev.slipway.testkit.s3.S3;

/**
 * The whole pipeline for a benchmark, started as {@code PipelineIT} starts it: a Kafka broker (a process of its own),
 * testkit's registry, PostgreSQL, S3 and Kubernetes API server with {@link ControllerSimulator} playing the cluster's
 * controllers, and the six services from their runnable jars ({@link SlipwayServices}, lean JVMs). No Prometheus and
 * no simulated traffic: the fleet's apps have no canary to analyse.
 */
public final class BenchPipeline implements AutoCloseable {

    private static final String BUCKET = "slipway-backups";

    private final Path root;
    private final Path work;
    private final KafkaBroker broker;
    private final ControllerSimulator controllers;
    private final Infrastructure infra;
    private final Credentials credentials;
    private final KubernetesClient kubernetes;
    private SlipwayServices services;
    private RunFollower follower;

    private BenchPipeline(Path root, Path work, KafkaBroker broker, ControllerSimulator controllers,
            Infrastructure infra, Credentials credentials, KubernetesClient kubernetes) {
        this.root = root;
        this.work = work;
        this.broker = broker;
        this.controllers = controllers;
        this.infra = infra;
        this.credentials = credentials;
        this.kubernetes = kubernetes;
    }

    /** A fresh directory {@code target/bench/NAME/TIME} under the project's root. */
    public static Path workDirectory(Path root, String name) throws IOException {
        Path work = root.resolve("target/bench").resolve(name)
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(work);
        return work;
    }

    /** Starts everything, with topics of {@code partitions} partitions. */
    public static BenchPipeline start(Path root, Path work, int partitions) throws IOException {
        return servers(root, work, partitions).startServices();
    }

    /** Starts the servers and the simulated cluster, not the services. */
    public static BenchPipeline servers(Path root, Path work, int partitions) throws IOException {
        KafkaBroker broker = KafkaBroker.start(work.resolve("kafka"));
        PipelineTopics.create(broker.bootstrapServers(), partitions);
        OciRegistry registry = OciRegistry.shared();
        Postgres postgres = Postgres.shared();
        S3 s3 = S3.shared();
        MockKubernetes.quietRequestLog();
        MockKubernetes cluster = MockKubernetes.shared();
        KubernetesClient kubernetes = cluster.client();
        ControllerSimulator controllers = new ControllerSimulator(kubernetes, Duration.ofMillis(300), line -> {
        }).start();
        Infrastructure infra = Infrastructure.of(broker.bootstrapServers(), registry, postgres, s3, BUCKET,
                "http://127.0.0.1:9", cluster.masterUrl());
        return new BenchPipeline(root, work, broker, controllers, infra, Credentials.generate(), kubernetes);
    }

    /** Starts the six services ({@link SlipwayServices}) and a follower of every pipeline topic. */
    public BenchPipeline startServices() throws IOException {
        Map<Service, Integer> ports = SlipwayServices.choosePorts();
        services = SlipwayServices.start(root, work, ports, infra, credentials, Tuning.fast(),
                SealingKeyFile.generate(work.resolve("sealing-key.pem")), line -> System.out.println("[bench] "
                        + line));
        follower = new RunFollower(broker.bootstrapServers()).start();
        return this;
    }

    /** Starts one service alone, as {@link OneService}. */
    public OneService startOne(Service service) {
        return startOne(service, "alone", Map.of());
    }

    /**
     * Starts one more process of {@code service} (its own port, scratch directory {@code dir} and log) with the same
     * configuration as the others plus {@code extra}; a worker joins its service's consumer group.
     */
    public OneService startOne(Service service, String dir, Map<String, String> extra) {
        return OneService.start(root, work.resolve(dir), service, infra, credentials, Tuning.fast(), extra);
    }

    /** {@code size} new apps, registered with the gateway. */
    public Fleet fleet(int size, String prefix) {
        return Fleet.create(size, prefix, work.resolve("repositories"), services.url(Service.GATEWAY),
                credentials.adminToken(), credentials.webhookSecret());
    }

    public RunFollower follower() {
        return follower;
    }

    public SlipwayServices services() {
        return services;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public KubernetesClient kubernetes() {
        return kubernetes;
    }

    public Path work() {
        return work;
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : new AutoCloseable[]{follower, services, controllers, broker}) {
            if (closeable == null) {
                continue;
            }
            try {
                closeable.close();
            } catch (Exception e) {
                System.out.println("[bench] while stopping: " + e);
            }
        }
    }
}

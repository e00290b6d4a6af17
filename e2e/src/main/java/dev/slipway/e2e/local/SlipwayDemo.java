package dev.slipway.e2e.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.contracts.Topics;
import dev.slipway.e2e.api.SlipwayApi;
import dev.slipway.e2e.cluster.ControllerSimulator;
import dev.slipway.e2e.cluster.TrafficSimulator;
import dev.slipway.e2e.follow.PipelineEvent;
import dev.slipway.e2e.follow.RunFollower;
import dev.slipway.e2e.follow.RunNarrator;
import dev.slipway.e2e.process.ChildProcess;
import dev.slipway.e2e.sample.SampleApp;
import dev.slipway.e2e.sample.SampleDatabase;
import dev.slipway.e2e.sample.SampleSetup;
import dev.slipway.e2e.services.Credentials;
import dev.slipway.e2e.services.Infrastructure;
import dev.slipway.e2e.services.PipelineTopics;
import dev.slipway.e2e.services.SealingKeyFile;
import dev.slipway.e2e.services.Service;
import dev.slipway.e2e.services.ServiceConfig;
import dev.slipway.e2e.services.SlipwayServices;
import dev.slipway.e2e.services.Tuning;
import dev.slipway.testkit.kubernetes.MockKubernetes;
import dev.slipway.testkit.postgres.Postgres;
import dev.slipway.testkit.prometheus.Prometheus;
import dev.slipway.testkit.registry.OciRegistry;
import dev.slipway.testkit.s3.S3;

/**
 * Slipway on one machine, with one command: every server and service as a process of its own on 127.0.0.1, a sample
 * application pushed through the whole pipeline and followed live, everything stopped by PID on Ctrl-C.
 */
public final class SlipwayDemo {

    private static final String BUCKET = "slipway-backups";
    private static final int CANARY_INTERVAL_SECONDS = 5;
    private static final Duration ROLLOUT_DELAY = Duration.ofSeconds(2);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    private static final int PARTITIONS = 3;

    private final PrintStream out = System.out;
    private final Instant started = Instant.now();
    private final Options options;
    private final Path root;
    private final Path work;
    /** What to stop, last started first. */
    private final Deque<Stoppable> running = new ArrayDeque<>();

    private record Stoppable(String name, AutoCloseable resource) {
    }

    private SlipwayDemo(Options options, Path root, Path work) {
        this.options = options;
        this.root = root;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        MockKubernetes.quietRequestLog();
        Options options;
        try {
            options = Options.parse(List.of(args));
        } catch (Options.HelpRequested e) {
            System.out.print(Options.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("slipway-demo: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        Path root = Path.of(System.getProperty("slipway.root", ".")).toAbsolutePath().normalize();
        Path work = options.work() != null
                ? options.work()
                : root.resolve("target/slipway-local")
                        .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        SlipwayDemo demo = new SlipwayDemo(options, root, work);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.stopEverything();
            stopped.countDown();
        }, "slipway-demo-stop"));
        try {
            demo.run();
        } catch (RuntimeException e) {
            System.err.println();
            System.err.println("slipway-demo failed: " + e.getMessage());
            System.err.println("Logs are in " + work.resolve("logs"));
            System.exit(1);
        }
        // Until Ctrl-C: the shutdown hook stops everything.
        stopped.await();
    }

    private void run() throws IOException {
        if (options.simulated()) {
            out.println("Slipway local run on a SIMULATED cluster: testkit's Kubernetes API server, with simulated"
                    + " controllers (rollouts become ready " + ROLLOUT_DELAY.toSeconds()
                    + "s after a change) and simulated traffic for Prometheus; no container really runs.");
        } else {
            out.println("Slipway local run deploying to the cluster of " + options.kubeconfig()
                    + " (its nodes must be able to pull from this machine's registry on 127.0.0.1); the sample's"
                    + " canary analysis checks the canary's health in Kubernetes only, as the Prometheus started"
                    + " here cannot see the cluster's traffic.");
        }
        Files.createDirectories(work.resolve("logs"));
        out.println("Logs and data: " + work);
        requireBusybox();

        // The cluster
        MockKubernetes cluster = null;
        TrafficSimulator traffic = null;
        Infrastructure.Kubernetes kubernetes;
        if (options.simulated()) {
            cluster = MockKubernetes.start();
            keep("Kubernetes API (simulated)", cluster);
            Path kubeconfig = cluster.writeKubeconfig(work.resolve("kubeconfig"), "default");
            traffic = new TrafficSimulator(cluster.client()).start();
            keep("simulated traffic", traffic);
            ControllerSimulator controllers = new ControllerSimulator(cluster.client(), ROLLOUT_DELAY,
                    line -> step(line)).start();
            keep("simulated controllers", controllers);
            step("Kubernetes API (simulated)  " + cluster.masterUrl() + "  kubeconfig " + kubeconfig);
            kubernetes = Infrastructure.Kubernetes.apiServer(cluster.masterUrl());
        } else {
            kubernetes = Infrastructure.Kubernetes.kubeconfig(options.kubeconfig());
        }

        // The servers, each a process of its own
        KafkaBroker kafka = KafkaBroker.start(work.resolve("kafka"));
        keep("Kafka", kafka);
        step("Kafka (KRaft)               " + kafka.bootstrapServers() + "  pid " + kafka.process().pid());
        Postgres postgres = Postgres.start();
        keep("PostgreSQL", postgres);
        step("PostgreSQL                  " + postgres.host() + ":" + postgres.port());
        OciRegistry registry = OciRegistry.start();
        keep("OCI registry", registry);
        step("OCI registry                " + registry.url());
        S3Server s3 = S3Server.start(work.resolve("s3"), BUCKET);
        keep("S3", s3);
        step("S3 (s3proxy)                " + s3.endpoint() + "  pid " + s3.process().pid());
        Map<Service, Integer> ports = SlipwayServices.choosePorts();
        List<String> targets = new ArrayList<>();
        if (traffic != null) {
            targets.add(traffic.target());
        }
        ports.values().forEach(port -> targets.add("http://127.0.0.1:" + port + "/q/metrics"));
        Prometheus prometheus = Prometheus.start(targets);
        keep("Prometheus", prometheus);
        step("Prometheus                  " + prometheus.url());
        List<String> created = PipelineTopics.create(kafka.bootstrapServers(), PARTITIONS);
        step("topics                      " + Topics.ALL.size() + " and their dead-letter topics, " + created.size()
                + " created now with " + PARTITIONS + " partitions each");

        // The services
        Infrastructure infra = new Infrastructure(kafka.bootstrapServers(), registry.address(),
                new Infrastructure.Database(postgres.host(), postgres.port(), postgres.username(),
                        postgres.password(), postgres.program("pg_dump").getParent()),
                new Infrastructure.S3Endpoint(URI.create(s3.endpoint()), S3.REGION, S3.ACCESS_KEY,
                        S3.SECRET_KEY, BUCKET),
                prometheus.url(), kubernetes);
        SampleDatabase.ensureDatabase(infra.database(), ServiceConfig.GATEWAY_DATABASE);
        SampleDatabase.ensureDatabase(infra.database(), ServiceConfig.SECRETS_DATABASE);
        Credentials credentials = Credentials.generate();
        Path tokenFile = writeToken(credentials.adminToken());
        step("starting the six services (a minute on a busy machine)");
        SlipwayServices services = SlipwayServices.start(root, work, ports, infra, credentials,
                Tuning.realTime(), SealingKeyFile.generate(work.resolve("secrets-service/sealing-key.pem")),
                line -> step(line));
        keep("services", services);

        // The sample application, through the pipeline
        RunNarrator narrator = new RunNarrator();
        RunFollower follower = new RunFollower(kafka.bootstrapServers())
                .onEvent(event -> narrator.line(event).ifPresent(out::println)).start();
        keep("run follower", follower);
        SlipwayApi api = new SlipwayApi(services.url(Service.GATEWAY), services.url(Service.SECRETS),
                credentials.adminToken());
        SampleSetup setup = new SampleSetup(api, infra, work.resolve("hello.git"), CANARY_INTERVAL_SECONDS,
                options.simulated(), credentials.webhookSecret());
        SampleApp sample = setup.prepare(infra);
        step("sample application '" + sample.app() + "': repository " + sample.cloneUrl() + ", registered with the"
                + " gateway; database " + SampleSetup.DATABASE + " with " + SampleSetup.ORDERS
                + " orders; secret " + SampleApp.SECRET_KEY + " set in staging and production through"
                + " secrets-service");
        out.println();
        out.println("Pushing its first commit: nothing runs in production yet, so both environments roll it out.");
        String first = setup.push(setup.firstCommit());
        follow(api, follower, first);

        out.println();
        if (options.scenario().equals(Options.BROKEN) && traffic != null) {
            out.println("Pushing a second commit whose canary answers 30% of its requests with 500 (simulated"
                    + " traffic): analysis fails and production rolls back.");
            traffic.failCanary(sample.app(), 0.3);
            follow(api, follower, setup.push(sample.release(2, "Second version, with a bad dependency")));
        } else if (options.scenario().equals(Options.BROKEN)) {
            out.println("Pushing a second commit whose container exits at once: its canary pods crash-loop, the"
                    + " Kubernetes health check fails and production rolls back.");
            follow(api, follower, setup.push(sample.releaseThatCrashes(2, "Second version, crashing at start")));
        } else {
            out.println("Pushing a second commit: production gets it behind a canary ("
                    + "steps of 25% and 50%, each held " + CANARY_INTERVAL_SECONDS
                    + "s and analysed against Prometheus).");
            follow(api, follower, setup.push(sample.release(2, "Second version of the site")));
        }

        out.println();
        out.println("Slipway is running (" + seconds(Duration.between(started, Instant.now())) + " since start):");
        out.println("  gateway API     " + services.url(Service.GATEWAY) + "/api/runs   (OpenAPI: "
                + services.url(Service.GATEWAY) + "/q/openapi)");
        out.println("  secrets API     " + services.url(Service.SECRETS) + "/api/apps/hello/environments/staging"
                + "/secrets");
        out.println("  backup API      " + services.url(Service.BACKUP) + "/api/backups?app=hello");
        out.println("  web UI          " + services.url(Service.GATEWAY) + "/   (asks for the admin token)");
        out.println("  Prometheus      " + prometheus.url() + "/graph");
        out.println("  registry        " + registry.url() + "/v2/_catalog");
        out.println("  admin token     in " + tokenFile + ", for example:");
        out.println("    curl -s -H \"Authorization: Bearer $(cat " + tokenFile + ")\" " + services.url(Service.GATEWAY)
                + "/api/runs");
        out.println("  sample repository " + sample.cloneUrl());
        out.println("Press Ctrl-C to stop every process.");
    }

    /** Prints the run live until production has its outcome, then the gateway's timeline of it. */
    private void follow(SlipwayApi api, RunFollower follower, String runId) {
        Instant deadline = Instant.now().plus(RUN_TIMEOUT);
        Optional<PipelineEvent> end = Optional.empty();
        while (end.isEmpty() && Instant.now().isBefore(deadline)) {
            end = follower.first(e -> runId.equals(e.runId()) && (Topics.DEPLOYED.equals(e.topic())
                    && SampleApp.PRODUCTION.equals(e.environment()) && !"SUPERSEDED".equals(e.text("outcome"))
                    || Topics.STAGE_FAILED.equals(e.topic()) && !"DEPLOY".equals(e.text("stage"))));
            pause(Duration.ofMillis(250));
        }
        if (end.isEmpty()) {
            throw new IllegalStateException("run " + runId + " did not reach production within " + RUN_TIMEOUT);
        }
        JsonNode run = api.run(runId).body().path("run");
        Instant timelineDeadline = Instant.now().plusSeconds(20);
        while ("RUNNING".equals(run.path("status").asText()) && Instant.now().isBefore(timelineDeadline)) {
            pause(Duration.ofMillis(500));
            run = api.run(runId).body().path("run");
        }
        out.println("run " + runId + ": " + run.path("status").asText() + " (the gateway's timeline, GET /api/runs/"
                + runId + "):");
        for (JsonNode stage : run.path("stages")) {
            String name = stage.path("stage").asText().toLowerCase(Locale.ROOT)
                    + (stage.path("environment").isTextual() ? " " + stage.path("environment").asText() : "");
            String took = stage.path("durationMillis").isNumber()
                    ? seconds(Duration.ofMillis(stage.path("durationMillis").asLong()))
                    : "";
            out.println(String.format(Locale.ROOT, "    %-22s %-12s %7s", name, stage.path("status").asText(),
                    took));
        }
    }

    private void requireBusybox() {
        if (!Files.isExecutable(SampleApp.BUSYBOX)) {
            throw new IllegalStateException("the sample's image needs Debian's static busybox: apt-get install -y"
                    + " busybox-static");
        }
    }

    private Path writeToken(String token) throws IOException {
        Path file = work.resolve("admin-token");
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private synchronized void keep(String name, AutoCloseable resource) {
        running.push(new Stoppable(name, resource));
    }

    private void step(String line) {
        out.println(String.format(Locale.ROOT, "[%6s] %s", seconds(Duration.between(started, Instant.now())),
                line));
    }

    /** Stops everything this run started, last started first; services and servers by their process ids. */
    private void stopEverything() {
        List<Stoppable> toStop;
        synchronized (this) {
            toStop = new ArrayList<>(running);
            running.clear();
        }
        if (toStop.isEmpty()) {
            return;
        }
        out.println();
        out.println("Stopping everything this run started...");
        for (Stoppable stoppable : toStop) {
            try {
                if (stoppable.resource() instanceof SlipwayServices services) {
                    List<ChildProcess> processes = services.processes();
                    services.close();
                    processes.forEach(p -> out.println("  stopped " + p));
                } else if (stoppable.resource() instanceof KafkaBroker kafka) {
                    kafka.close();
                    out.println("  stopped " + kafka.process());
                } else if (stoppable.resource() instanceof S3Server s3) {
                    s3.close();
                    out.println("  stopped " + s3.process());
                } else {
                    stoppable.resource().close();
                    out.println("  stopped " + stoppable.name());
                }
            } catch (Exception e) {
                out.println("  could not stop " + stoppable.name() + ": " + e);
            }
        }
        out.println("Stopped. Logs and data are kept in " + work);
        out.flush();
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

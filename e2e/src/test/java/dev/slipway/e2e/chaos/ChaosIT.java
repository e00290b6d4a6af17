package dev.slipway.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.slipway.contracts.Json;
import dev.slipway.contracts.Topics;
import dev.slipway.e2e.api.SlipwayApi;
import dev.slipway.e2e.api.SlipwayApi.PushedCommit;
import dev.slipway.e2e.cluster.ControllerSimulator;
import dev.slipway.e2e.cluster.TrafficSimulator;
import dev.slipway.e2e.fleet.Fleet;
import dev.slipway.e2e.follow.PipelineEvent;
import dev.slipway.e2e.follow.RunFollower;
import dev.slipway.e2e.local.KafkaBroker;
import dev.slipway.e2e.sample.SampleApp;
import dev.slipway.e2e.sample.SampleSetup;
import dev.slipway.e2e.services.Credentials;
import dev.slipway.e2e.services.Infrastructure;
import dev.slipway.e2e.services.PipelineTopics;
import dev.slipway.e2e.services.SealingKeyFile;
import dev.slipway.e2e.services.Service;
import dev.slipway.e2e.services.ServiceLogsOnFailure;
import dev.slipway.e2e.services.SlipwayServices;
import dev.slipway.e2e.services.Tuning;
import dev.slipway.testkit.kubernetes.MockKubernetes;
import dev.slipway.testkit.postgres.Postgres;
import dev.slipway.testkit.prometheus.Prometheus;
import dev.slipway.testkit.registry.OciRegistry;
import dev.slipway.testkit.s3.S3;

/**
 * Slipway under faults. Releases of several applications run continuously (the sample {@code hello} with its secret,
 * pre-deploy backup and canary, and a few trivial ones) while each of the six services is killed with
 * {@code SIGKILL} at seeded random moments, each while a run it works on is at least a fifth through its part, and
 * restarted on the same port with the same configuration; the Kafka broker (a process of its own, fixed ports and
 * data directory) is restarted twice in between. Then deploy-service is killed at each point of a canary in turn.
 * Then malformed records flood every topic while real runs go through. Afterwards every run must have exactly one
 * outcome per environment, nothing may have been applied or promoted twice, nothing may be stuck, the cluster must
 * run each application's last successful release, every malformed record must be on its dead-letter topic, and the
 * sample's secret, seeded at the start, must be nowhere but in its Kubernetes Secret's data.
 *
 * <p>
 * The size comes from {@code -Dslipway.chaos.size} ({@code short} in {@code ./mvnw verify}, {@code full} with
 * {@code -Pchaos}); the seed from {@code -Dslipway.chaos.seed}, printed either way.
 */
class ChaosIT {

    private static final String BUCKET = "slipway-backups";
    private static final int CANARY_INTERVAL_SECONDS = 4;
    private static final double MIN_PROGRESS = 0.2;
    private static final Duration STALL_LIMIT = Duration.ofSeconds(60);
    private static final Duration KILL_PHASE_LIMIT = Duration.ofMinutes(12);
    /** What each service's part of a run takes, until finished runs tell. */
    private static final Map<Service, Duration> FIRST_GUESS = Map.of(Service.GATEWAY, Duration.ofSeconds(40),
            Service.BUILD, Duration.ofSeconds(6), Service.CHART, Duration.ofSeconds(3), Service.DEPLOY,
            Duration.ofSeconds(25), Service.SECRETS, Duration.ofSeconds(1), Service.BACKUP, Duration.ofSeconds(5));
    /** Each consumer group and the topics it reads. */
    private static final Map<String, List<String>> GROUPS = Map.of(
            "build-service", List.of(Topics.COMMIT_PUSHED),
            "chart-service", List.of(Topics.IMAGE_BUILT),
            "deploy-service", List.of(Topics.CHART_PUBLISHED, Topics.APPROVAL_GIVEN, Topics.BACKUP_DONE,
                    Topics.SECRETS_SYNCED),
            "secrets-service", List.of(Topics.CHART_PUBLISHED),
            "backup-service", List.of(Topics.BACKUP_REQUESTED, Topics.CHART_PUBLISHED),
            "gateway-service", Topics.ALL);

    private static ChaosSize size;
    private static long seed;
    private static Random random;
    private static Path work;
    private static Instant started;
    private static KafkaBroker kafka;
    private static OciRegistry registry;
    private static Postgres postgres;
    private static S3 s3;
    private static MockKubernetes cluster;
    private static KubernetesClient kubernetes;
    private static TrafficSimulator traffic;
    private static ControllerSimulator controllers;
    private static Prometheus prometheus;
    private static SlipwayServices services;
    private static RunFollower follower;
    private static SlipwayApi api;
    private static String webhookSecret;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static String secret;
    private static final List<ChaosApp> apps = new ArrayList<>();
    private static final Map<String, String> pushedRuns = new ConcurrentHashMap<>();
    private static final Map<String, String> lastRunOf = new ConcurrentHashMap<>();
    private static final List<String> kills = new CopyOnWriteArrayList<>();
    private static final Set<String> stuckRuns = ConcurrentHashMap.newKeySet();
    private static final ChaosSummary summary = new ChaosSummary();

    @RegisterExtension
    static final ServiceLogsOnFailure SERVICE_LOGS_ON_FAILURE = new ServiceLogsOnFailure(() -> services, 40);

    @BeforeAll
    static void startSlipway() throws IOException {
        started = Instant.now();
        MockKubernetes.quietRequestLog();
        size = ChaosSize.fromSystemProperties();
        seed = ChaosSize.seedFromSystemProperties();
        random = new Random(seed);
        Path root = Path.of(System.getProperty("slipway.root", "..")).toAbsolutePath().normalize();
        work = Path.of(System.getProperty("slipway.e2e.work", "target/e2e")).toAbsolutePath()
                .resolve("chaos-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(work);
        log("size " + size.name() + ", seed " + seed + " (again: -D" + ChaosSize.SEED_PROPERTY + "=" + seed
                + "); logs in " + work.resolve("logs"));

        // Kafka as a process of its own, so that it can be restarted on its ports with its data
        kafka = KafkaBroker.start(work.resolve("kafka"));
        PipelineTopics.create(kafka.bootstrapServers(), 3);
        registry = OciRegistry.start();
        postgres = Postgres.start();
        s3 = S3.start();
        cluster = MockKubernetes.start();
        kubernetes = cluster.client();
        traffic = new TrafficSimulator(kubernetes).start();
        controllers = new ControllerSimulator(kubernetes, Duration.ofMillis(300), line -> {
        }).start();
        prometheus = Prometheus.start(traffic.target());
        Infrastructure infra = Infrastructure.of(kafka.bootstrapServers(), registry, postgres, s3, BUCKET,
                prometheus.url(), cluster.masterUrl());
        Credentials credentials = Credentials.generate();
        services = SlipwayServices.start(root, work, SlipwayServices.choosePorts(), infra, credentials,
                Tuning.fast(), SealingKeyFile.generate(work.resolve("sealing-key.pem")), ChaosIT::log);
        log("six services ready after " + since(started));
        follower = new RunFollower(kafka.bootstrapServers()).start();
        api = new SlipwayApi(services.url(Service.GATEWAY), services.url(Service.SECRETS), credentials.adminToken());
        webhookSecret = credentials.webhookSecret();
        // The sample, with a secret value unique to this run: its database password
        byte[] unique = new byte[12];
        random.nextBytes(unique);
        secret = "chaos-canary-" + HexFormat.of().formatHex(unique);
        SampleSetup setup = new SampleSetup(api, infra, work.resolve("hello.git"), CANARY_INTERVAL_SECONDS, true,
                webhookSecret);
        apps.add(ChaosApp.of(setup.prepare(infra, secret), setup.firstCommit()));
        Fleet.create(size.trivialApps(), "tiny", work, services.url(Service.GATEWAY), credentials.adminToken(),
                webhookSecret).apps().forEach(app -> apps.add(ChaosApp.of(app)));
        log(apps.size() + " applications registered; the sample's secret is set through secrets-service");
    }

    @AfterAll
    static void stopSlipway() {
        for (AutoCloseable closeable : new AutoCloseable[]{follower, services, prometheus, controllers, traffic,
                cluster, s3, postgres, registry, kafka}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log("while stopping: " + e);
                }
            }
        }
        log("whole suite took " + since(started) + "; logs in " + (work == null ? "-" : work.resolve("logs")));
    }

    @Test
    void releasesSurviveKilledServicesBrokerRestartsAndPoisonRecords() throws Exception {
        killServicesWhileReleasesRun();
        killDeployServiceAtEachCanaryPoint();
        floodEveryTopicWithMalformedRecords();
        checkEveryRun();
        checkTheCluster();
        checkForLeaks();

        RunLedger ledger = ledger();
        summary.runs(ledger.runs().size());
        log("seed " + seed + ", size " + size.name() + ", logs in " + work.resolve("logs"));
        log("kills:\n  " + String.join("\n  ", kills));
        System.out.println("[chaos] summary\n" + summary.table());
        log("whole suite so far " + since(started));
        assertThat(summary.problems()).as("lost, duplicated, stuck or leaked (seed " + seed + "):\n"
                + summary.table()).isZero();
    }

    // --- phase 1: random kills while releases run ---

    private void killServicesWhileReleasesRun() throws Exception {
        Instant phase = Instant.now();
        AtomicBoolean pushing = new AtomicBoolean(true);
        Thread pusher = new Thread(() -> {
            while (pushing.get()) {
                for (ChaosApp app : apps) {
                    String last = lastRunOf.get(app.name());
                    if (pushing.get() && (last == null || ledger().finished(last))) {
                        push(app);
                    }
                }
                pause(Duration.ofMillis(300));
            }
        }, "chaos-pusher");
        pusher.setDaemon(true);
        pusher.start();

        Map<Service, Integer> remaining = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            remaining.put(service, size.killsPerService());
        }
        int total = Service.values().length * size.killsPerService();
        Set<Integer> brokerRestartAfter = new TreeSet<>();
        while (brokerRestartAfter.size() < size.brokerRestarts()) {
            brokerRestartAfter.add(2 + random.nextInt(total - 3));
        }
        log("phase 1: " + total + " kills, the broker restarted after kills " + brokerRestartAfter);
        Set<Service> down = ConcurrentHashMap.newKeySet();
        List<Thread> restarts = new ArrayList<>();
        int done = 0;
        Instant limit = Instant.now().plus(KILL_PHASE_LIMIT);
        while (done < total) {
            assertThat(Instant.now()).as("all kills within " + KILL_PHASE_LIMIT + "; left: " + remaining)
                    .isBefore(limit);
            if (down.size() >= size.maxDown()) {
                pause(Duration.ofMillis(100));
                continue;
            }
            List<Service> candidates = new ArrayList<>(remaining.keySet().stream()
                    .filter(s -> remaining.get(s) > 0 && !down.contains(s)).toList());
            Collections.shuffle(candidates, random);
            RunLedger ledger = ledger();
            Optional<Service> victim = Optional.empty();
            for (Service service : candidates) {
                Optional<String> target = target(ledger, service);
                if (target.isPresent()) {
                    victim = Optional.of(service);
                    down.add(service);
                    services.kill(service);
                    summary.killed();
                    kills.add(String.format(Locale.ROOT, "%6s %-15s while %s", since(phase), service.module(),
                            target.get()));
                    log("killed " + service.module() + " while " + target.get());
                    Thread restart = new Thread(() -> {
                        Instant begun = Instant.now();
                        services.restart(service);
                        summary.restarted();
                        down.remove(service);
                        log("restarted " + service.module() + " in " + since(begun));
                    }, "restart-" + service.module());
                    restart.start();
                    restarts.add(restart);
                    remaining.merge(service, -1, Integer::sum);
                    break;
                }
            }
            if (victim.isEmpty()) {
                pause(Duration.ofMillis(100));
                continue;
            }
            done++;
            if (brokerRestartAfter.contains(done)) {
                Instant begun = Instant.now();
                kafka = kafka.restart();
                summary.restarted();
                kills.add(String.format(Locale.ROOT, "%6s %-15s restarted in %s", since(phase), "kafka",
                        since(begun)));
                log("restarted the Kafka broker in " + since(begun));
            }
            long gap = size.shortestGap().toMillis() + (long) (random.nextDouble()
                    * (size.longestGap().toMillis() - size.shortestGap().toMillis()));
            pause(Duration.ofMillis(gap));
        }
        for (Thread restart : restarts) {
            restart.join(Duration.ofMinutes(5).toMillis());
        }
        pushing.set(false);
        pusher.join(Duration.ofMinutes(1).toMillis());
        log("phase 1: " + summary.kills() + " kills and " + summary.restarts() + " restarts in " + since(phase)
                + "; waiting for every run to finish");
        settle("phase 1");
    }

    /**
     * A run {@code service} works on and has got at least a fifth through ({@link #MIN_PROGRESS} of the median time
     * of that part of the pipeline), described; empty when there is none.
     */
    private static Optional<String> target(RunLedger ledger, Service service) {
        Duration typical = ledger.medianStageTime(service).orElse(FIRST_GUESS.get(service));
        Instant now = Instant.now();
        for (String run : ledger.runs()) {
            Optional<Instant> since = ledger.inFlightSince(service, run);
            if (since.isPresent()) {
                double progress = (double) Duration.between(since.get(), now).toMillis()
                        / Math.max(1, typical.toMillis());
                if (progress >= MIN_PROGRESS) {
                    return Optional.of(String.format(Locale.ROOT, "run %s (%s) was %.0f%% through its %s part"
                            + " (typically %s)", run, ledger.app(run), progress * 100, service.module(),
                            seconds(typical)));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Waits until every run has its outcome, up to the size's deadline; counts those left as stuck, each once (a run
     * counted stuck before is not waited for again).
     */
    private static void settle(String phase) {
        Instant deadline = Instant.now().plus(size.settleDeadline());
        while (Instant.now().isBefore(deadline) && !unfinishedNotYetStuck().isEmpty()) {
            pause(Duration.ofMillis(500));
        }
        List<String> unfinished = unfinishedNotYetStuck();
        for (String run : unfinished) {
            stuckRuns.add(run);
            summary.stuck(phase + ": run " + run + " (" + ledger().app(run) + ") has no outcome "
                    + size.settleDeadline() + " after the chaos stopped; its events: " + describe(run));
        }
        log(phase + ": every run finished" + (unfinished.isEmpty() ? "" : " but " + unfinished));
    }

    private static List<String> unfinishedNotYetStuck() {
        return ledger().unfinished().stream().filter(run -> !stuckRuns.contains(run)).toList();
    }

    // --- phase 2: deploy-service killed at each canary point ---

    private record KillPoint(String name, Predicate<PipelineEvent> reached) {
    }

    private void killDeployServiceAtEachCanaryPoint() {
        Instant phase = Instant.now();
        List<KillPoint> points = List.of(
                new KillPoint("canary step 1", e -> phase(e, "CANARY_STEP") && step(e) == 1),
                new KillPoint("canary step 2", e -> phase(e, "CANARY_STEP") && step(e) == 2),
                new KillPoint("analysis of step 2", e -> phase(e, "ANALYSIS") && step(e) == 2),
                new KillPoint("promotion", e -> phase(e, "PROMOTED")));
        List<List<KillPoint>> releases = new ArrayList<>();
        releases.add(points);
        if (size.canaryKillsOnOwnReleases()) {
            points.forEach(point -> releases.add(List.of(point)));
        }
        for (List<KillPoint> release : releases) {
            String run = push(sample());
            log("phase 2: run " + run + " of hello, deploy-service killed at " + release.stream()
                    .map(KillPoint::name).toList());
            for (KillPoint point : release) {
                boolean reached = awaitCondition(Duration.ofMinutes(3), () -> ledger().first(run,
                        e -> SampleApp.PRODUCTION.equals(e.environment()) && point.reached().test(e)).isPresent()
                        || ledger().finished(run));
                Optional<PipelineEvent> at = ledger().first(run, e -> SampleApp.PRODUCTION.equals(e.environment())
                        && point.reached().test(e));
                assertThat(at).as("run " + run + " reached the " + point.name() + " (reached: " + reached
                        + "; events: " + describe(run) + ")").isPresent();
                services.kill(Service.DEPLOY);
                summary.killed();
                kills.add(String.format(Locale.ROOT, "%6s %-15s at the %s of run %s", since(phase),
                        Service.DEPLOY.module(), point.name(), run));
                Instant begun = Instant.now();
                services.restart(Service.DEPLOY);
                summary.restarted();
                log("killed deploy-service at the " + point.name() + " of " + run + "; restarted in "
                        + since(begun));
            }
            awaitCondition(size.settleDeadline(), () -> ledger().finished(run));
            Set<String> outcome = ledger().outcomes(run).getOrDefault(SampleApp.PRODUCTION, Set.of());
            log("phase 2: run " + run + " ended " + outcome + " in production");
            if (!ledger().finished(run)) {
                summary.stuck("phase 2: run " + run + " has no outcome after its canary kills: " + describe(run));
            } else if (!Set.of("SUCCEEDED").equals(outcome) && !Set.of("ROLLED_BACK").equals(outcome)) {
                summary.duplicated("phase 2: run " + run + " neither resumed nor rolled back: " + outcome);
            }
        }
        log("phase 2 took " + since(phase));
    }

    private static boolean phase(PipelineEvent event, String phase) {
        return event.topic().equals(Topics.DEPLOY_PROGRESSED) && phase.equals(event.text("phase"));
    }

    private static int step(PipelineEvent event) {
        return event.payload().path("canary").path("step").asInt(0);
    }

    // --- phase 3: malformed records on every topic ---

    private void floodEveryTopicWithMalformedRecords() {
        Instant phase = Instant.now();
        // Poison handling alone is measured here: the groups of services killed just before catch up first.
        try (LagMonitor before = new LagMonitor(kafka.bootstrapServers(), GROUPS).start()) {
            awaitCondition(Duration.ofSeconds(30), () -> before.samples() >= 2);
            boolean caughtUp = awaitCondition(Duration.ofMinutes(3), () -> before.lagByGroup().values().stream()
                    .allMatch(l -> l == 0));
            log("phase 3: consumer groups " + (caughtUp ? "caught up" : "still behind: " + before.lagByGroup())
                    + " after " + since(phase) + "; longest stall after the kills before it "
                    + before.longestStalls().entrySet().stream().findFirst().map(e -> e.getKey() + " "
                            + seconds(e.getValue())).orElse("none"));
        }
        try (LagMonitor lag = new LagMonitor(kafka.bootstrapServers(), GROUPS).start()) {
            awaitCondition(Duration.ofSeconds(30), () -> lag.samples() >= 2);
            int half = size.malformedPerTopic() / 2;
            List<MalformedRecords.Written> written = new ArrayList<>(
                    MalformedRecords.write(kafka.bootstrapServers(), Topics.ALL, half));
            List<String> runs = new ArrayList<>();
            for (ChaosApp app : apps) {
                if (!app.canary()) {
                    runs.add(push(app));
                }
            }
            written.addAll(MalformedRecords.write(kafka.bootstrapServers(), Topics.ALL,
                    size.malformedPerTopic() - half));
            log("phase 3: " + written.size() + " malformed records on " + Topics.ALL.size() + " topics, runs "
                    + runs + " pushed in the middle");
            awaitCondition(size.settleDeadline(), () -> runs.stream().allMatch(run -> ledger().finished(run)));
            for (String run : runs) {
                if (!ledger().finished(run)) {
                    summary.stuck("phase 3: run " + run + " pushed during the flood has no outcome: "
                            + describe(run));
                } else if (!ledger().outcomes(run).values().stream().allMatch(Set.of("SUCCEEDED")::equals)) {
                    summary.lost("phase 3: run " + run + " pushed during the flood did not succeed: "
                            + ledger().outcomes(run) + " " + ledger().failures(run));
                }
            }
            List<MalformedRecords.DeadLetters> letters = new ArrayList<>();
            awaitCondition(Duration.ofMinutes(2), () -> {
                letters.clear();
                letters.addAll(MalformedRecords.deadLetters(kafka.bootstrapServers(), written));
                return letters.stream().allMatch(l -> l.copies() >= readers(l.record().topic()));
            });
            int copies = 0;
            for (MalformedRecords.DeadLetters letter : letters) {
                copies += letter.copies();
                int expected = readers(letter.record().topic());
                if (letter.copies() < expected || letter.withReason() < expected
                        || letter.withOriginalValue() < expected) {
                    summary.lost("phase 3: " + letter.record() + " has " + letter.copies() + " of " + expected
                            + " dead letters (" + letter.withReason() + " with dead-letter-reason)");
                }
            }
            awaitCondition(STALL_LIMIT, () -> lag.lagByGroup().values().stream().allMatch(l -> l == 0));
            lag.longestStalls().forEach((key, stall) -> {
                if (stall.compareTo(STALL_LIMIT) > 0) {
                    summary.stuck("phase 3: " + key + " did not move for " + seconds(stall) + " with records left");
                }
            });
            Map.Entry<LagMonitor.Key, Duration> longest = lag.longestStalls().entrySet().stream().findFirst()
                    .orElse(null);
            log("phase 3: " + copies + " dead letters for " + written.size() + " records; highest lag per group "
                    + lag.maxLagByGroup() + "; longest stall " + (longest == null
                            ? "none"
                            : longest.getKey() + " " + seconds(longest.getValue()))
                    + "; lag now " + lag.lagByGroup() + "; took " + since(phase));
        }
    }

    private static int readers(String topic) {
        return (int) GROUPS.values().stream().filter(topics -> topics.contains(topic)).count();
    }

    // --- the checks ---

    private void checkEveryRun() {
        settle("at the end");
        RunLedger ledger = ledger();
        ledger.duplicates().forEach(summary::duplicated);
        ledger.withoutEvents().forEach(run -> summary.lost("run " + run + " was accepted but none of its events"
                + " reached a topic"));
        // Every event read on the topics is in the gateway's timeline of its run.
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        awaitCondition(Duration.ofSeconds(60), () -> {
            missing.clear();
            for (String run : ledger.runs()) {
                Set<String> timeline = new HashSet<>();
                api.run(run).body().path("run").path("events").forEach(e -> timeline.add(e.path("eventId")
                        .asText()));
                Set<String> absent = new TreeSet<>();
                ledger.events(run).stream().map(PipelineEvent::id).filter(id -> !timeline.contains(id))
                        .forEach(absent::add);
                if (!absent.isEmpty()) {
                    missing.put(run, absent);
                }
            }
            return missing.isEmpty();
        });
        missing.forEach((run, ids) -> summary.lost("run " + run + ": events " + ids + " are on the topics but not"
                + " in the gateway's timeline"));
        log("runs: " + ledger.runs().size() + ", of them failed stages: " + ledger.runs().stream()
                .filter(run -> !ledger.failures(run).isEmpty()).count() + ", outcomes repeated for a redelivered"
                + " input: " + ledger.repeatedOutcomes());
    }

    private void checkTheCluster() {
        List<PipelineEvent> events = follower.events();
        for (ChaosApp app : apps) {
            for (String environment : app.environments()) {
                Optional<PipelineEvent> last = RunLedger.lastSucceeded(events, app.name(), environment);
                Deployment deployment = kubernetes.apps().deployments().inNamespace(app.namespace(environment))
                        .withName(app.name()).get();
                if (last.isEmpty()) {
                    continue;
                }
                String expected = last.get().payload().path("image").path("repository").asText() + "@"
                        + last.get().payload().path("image").path("digest").asText();
                String actual = deployment == null
                        ? null
                        : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
                if (!expected.equals(actual)) {
                    summary.lost(app.name() + "/" + environment + " runs " + actual + ", not " + expected
                            + " of its last successful release (run " + last.get().runId() + ")");
                }
                if (kubernetes.apps().deployments().inNamespace(app.namespace(environment))
                        .withName(app.name() + "-canary").get() != null) {
                    summary.lost(app.name() + "/" + environment + " still has a canary Deployment");
                }
            }
        }
    }

    private void checkForLeaks() {
        LeakScan scan = new LeakScan(secret);
        scan.inFiles(work.resolve("logs"), "*.log").forEach(file -> summary.leak("log " + file));
        scan.inFiles(work.resolve("kafka"), "*.log").forEach(file -> summary.leak("log " + file));
        int[] read = new int[1];
        scan.inTopics(kafka.bootstrapServers(), read).forEach(record -> summary.leak("record " + record));
        List<String> holding = new ArrayList<>();
        scan.inKubernetes(kubernetes, holding).forEach(object -> summary.leak("Kubernetes " + object));
        log("looked for the secret in the logs, " + read[0] + " records of every topic and every object of the"
                + " API server; the Secrets holding it: " + holding);
        // The value does reach the cluster, where it belongs: so the scan would have found it elsewhere too.
        assertThat(holding).contains("Secret hello-staging/hello-secrets", "Secret hello-production/hello-secrets");
    }

    // --- helpers ---

    private static ChaosApp sample() {
        return apps.get(0);
    }

    /** Pushes the app's next commit, again until the gateway answers; the run id. */
    private static String push(ChaosApp app) {
        PushedCommit commit = app.nextCommit();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            Optional<String> run = tryPush(commit);
            if (run.isPresent()) {
                pushedRuns.put(run.get(), app.name());
                lastRunOf.put(app.name(), run.get());
                return run.get();
            }
            pause(Duration.ofMillis(500));
        }
        throw new IllegalStateException("The gateway did not answer the push of " + app.name() + " for 3 minutes");
    }

    /**
     * Sends the signed push webhook of {@code commit}: the run id of an accepted push, or empty when the gateway did
     * not answer (down, or restarting).
     */
    private static Optional<String> tryPush(PushedCommit commit) {
        HttpResponse<String> response;
        try {
            response = HTTP.send(SlipwayApi.githubPush(services.url(Service.GATEWAY), commit, webhookSecret)
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
        if (response.statusCode() >= 500) {
            return Optional.empty();
        }
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("The push of " + commit.fullName() + " answered "
                    + response.statusCode() + ": " + response.body(), e);
        }
        if (response.statusCode() != 202 || !"ACCEPTED".equals(answer.path("outcome").asText())) {
            throw new IllegalStateException("The push of " + commit.fullName() + " was not accepted: "
                    + response.statusCode() + " " + answer);
        }
        return Optional.of(answer.path("runId").asText());
    }

    private static RunLedger ledger() {
        Set<String> names = new HashSet<>();
        apps.forEach(app -> names.add(app.name()));
        return new RunLedger(follower.events(), names, pushedRuns, List.of(SampleApp.STAGING,
                SampleApp.PRODUCTION));
    }

    private static String describe(String run) {
        List<String> lines = new ArrayList<>();
        for (PipelineEvent event : ledger().events(run)) {
            JsonNode payload = event.payload();
            lines.add(event.topic() + (event.environment() == null ? "" : "/" + event.environment())
                    + (payload.hasNonNull("phase") ? " " + payload.path("phase").asText() : "")
                    + (payload.hasNonNull("outcome") ? " " + payload.path("outcome").asText() : "")
                    + (payload.hasNonNull("stage") ? " " + payload.path("stage").asText() : ""));
        }
        return lines.toString();
    }

    private static boolean awaitCondition(Duration limit, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            pause(Duration.ofMillis(250));
        }
        return condition.getAsBoolean();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static String since(Instant start) {
        return seconds(Duration.between(start, Instant.now()));
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }

    private static void log(String line) {
        System.out.println("[chaos " + since(started) + "] " + line);
    }
}

package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.slipway.contracts.Json;
import dev.slipway.contracts.Topics;
import dev.slipway.e2e.api.SlipwayApi;
import dev.slipway.e2e.cluster.ControllerSimulator;
import dev.slipway.e2e.cluster.TrafficSimulator;
import dev.slipway.e2e.follow.PipelineEvent;
import dev.slipway.e2e.follow.RunFollower;
import dev.slipway.e2e.follow.RunNarrator;
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
import dev.slipway.testkit.kafka.Kafka;
import dev.slipway.testkit.kubernetes.MockKubernetes;
import dev.slipway.testkit.postgres.Postgres;
import dev.slipway.testkit.prometheus.Prometheus;
import dev.slipway.testkit.registry.OciRegistry;
import dev.slipway.testkit.s3.S3;

/**
 * The whole pipeline: the six services, each a process started from its runnable jar, against a real Kafka broker,
 * OCI registry, PostgreSQL, S3 (s3proxy) and Prometheus, and testkit's Kubernetes API server. The test plays the git
 * provider (signed push webhooks of a real git repository), the team (the secret), the SRE (a replay) and, visibly,
 * the cluster's controllers ({@link ControllerSimulator}: rollouts become ready) and the application's traffic
 * ({@link TrafficSimulator}: request counters Prometheus scrapes, with a fault the test injects).
 *
 * <p>
 * The methods run in order, each taking the application one release further: the first release rolls out to both
 * environments (nothing runs in production to compare a canary with), the second goes to production behind a canary
 * that analysis promotes, the third's canary fails analysis and is rolled back, and replaying its deploy stage once
 * the fault is gone completes that run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
    private static final String BUCKET = "slipway-backups";
    /** The sample's canary interval; deploy-service runs intervals at half speed here. */
    private static final int CANARY_INTERVAL_SECONDS = 4;

    private static Path work;
    private static KubernetesClient kubernetes;
    private static OciRegistry registry;
    private static TrafficSimulator traffic;
    private static ControllerSimulator controllers;
    private static Prometheus prometheus;
    private static SlipwayServices services;
    private static RunFollower follower;
    private static SlipwayApi api;
    private static SampleSetup setup;
    private static SampleApp sample;
    private static Instant started;

    /** Run ids, from one test method to the next. */
    private static String secondRun;
    private static String brokenRun;
    private static SampleApp.Commit second;

    @RegisterExtension
    static final ServiceLogsOnFailure SERVICE_LOGS_ON_FAILURE = new ServiceLogsOnFailure(() -> services, 60);

    @BeforeAll
    static void startThePipeline() throws IOException {
        started = Instant.now();
        Path root = Path.of(System.getProperty("slipway.root", "..")).toAbsolutePath().normalize();
        work = Path.of(System.getProperty("slipway.e2e.work", "target/e2e")).toAbsolutePath()
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(work);
        assertThat(SampleApp.BUSYBOX).as("Debian's busybox-static (apt-get install -y busybox-static)")
                .isExecutable();

        // Real servers, from testkit
        Kafka kafka = Kafka.shared();
        PipelineTopics.create(kafka.bootstrapServers(), 3);
        registry = OciRegistry.shared();
        Postgres postgres = Postgres.shared();
        S3 s3 = S3.shared();
        MockKubernetes cluster = MockKubernetes.shared();
        kubernetes = cluster.client();

        // The cluster's controllers and the application's traffic, simulated in this test
        traffic = new TrafficSimulator(kubernetes).start();
        controllers = new ControllerSimulator(kubernetes, Duration.ofMillis(300), PipelineIT::log).start();
        prometheus = Prometheus.start(traffic.target());

        Infrastructure infra = Infrastructure.of(kafka.bootstrapServers(), registry, postgres, s3, BUCKET,
                prometheus.url(), cluster.masterUrl());
        Credentials credentials = Credentials.generate();
        Map<Service, Integer> ports = SlipwayServices.choosePorts();
        log("servers ready after " + Duration.between(started, Instant.now()).toSeconds() + "s; logs in " + work);
        services = SlipwayServices.start(root, work, ports, infra, credentials, Tuning.fast(),
                SealingKeyFile.generate(work.resolve("sealing-key.pem")), PipelineIT::log);
        log("six services ready after " + Duration.between(started, Instant.now()).toSeconds() + "s");

        RunNarrator narrator = new RunNarrator();
        follower = new RunFollower(kafka.bootstrapServers())
                .onEvent(event -> narrator.line(event).ifPresent(PipelineIT::log)).start();
        api = new SlipwayApi(services.url(Service.GATEWAY), services.url(Service.SECRETS), credentials.adminToken());
        setup = new SampleSetup(api, infra, work.resolve("hello.git"), CANARY_INTERVAL_SECONDS, true,
                credentials.webhookSecret());
        sample = setup.prepare(infra);
    }

    @AfterAll
    static void stopThePipeline() {
        for (AutoCloseable closeable : new AutoCloseable[]{follower, services, prometheus, controllers, traffic}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log("while stopping: " + e);
                }
            }
        }
        log("whole test took " + Duration.between(started, Instant.now()).toSeconds() + "s");
    }

    @Test
    @Order(1)
    void firstReleaseRollsOutToStagingAndProduction() {
        // Given the first commit of the repository
        // When its push webhook arrives
        String run = setup.push(setup.firstCommit());

        // Then both environments roll it out; production has nothing live to compare a canary with
        PipelineEvent production = awaitEvent(run, Topics.DEPLOYED, SampleApp.PRODUCTION);
        assertThat(production.text("outcome")).isEqualTo("SUCCEEDED");
        assertThat(production.text("strategy")).isEqualTo("ROLLING");
        assertThat(awaitEvent(run, Topics.DEPLOYED, SampleApp.STAGING).text("outcome")).isEqualTo("SUCCEEDED");
        assertThat(image(SampleApp.PRODUCTION, "hello")).isEqualTo(imageOf(run));
    }

    @Test
    @Order(2)
    void pushGoesThroughEveryStageToProductionBehindACanaryThatAnalysisPromotes() throws Exception {
        // Given a new commit
        second = sample.release(2, "Second version of the site");

        // When GitHub's signed push webhook for it arrives
        secondRun = setup.push(second);

        // Then the image is built from that commit and is in the registry under its sha
        PipelineEvent built = awaitEvent(secondRun, Topics.IMAGE_BUILT, null);
        String digest = built.payload().path("image").path("digest").asText();
        assertThat(built.payload().path("image").path("repository").asText())
                .isEqualTo(registry.address() + "/apps/hello");
        assertThat(built.payload().path("commit").path("sha").asText()).isEqualTo(second.sha());
        assertThat(registryDigest("apps/hello", second.sha())).contains(digest);

        // And the chart, versioned from the commit, is in the registry
        PipelineEvent chart = awaitEvent(secondRun, Topics.CHART_PUBLISHED, null);
        String version = "0.0.0-" + second.shortSha();
        assertThat(chart.payload().path("chart").path("version").asText()).isEqualTo(version);
        assertThat(registryTags("charts/hello")).contains(version);

        // And staging rolls out first
        PipelineEvent staging = awaitEvent(secondRun, Topics.DEPLOYED, SampleApp.STAGING);
        assertThat(staging.text("outcome")).isEqualTo("SUCCEEDED");
        assertThat(image(SampleApp.STAGING, "hello")).isEqualTo(imageOf(secondRun));

        // And the database is backed up before production, and the backup is proven by a restore drill
        PipelineEvent backup = awaitEvent(secondRun, Topics.BACKUP_DONE, SampleApp.PRODUCTION);
        assertThat(backup.text("outcome")).isEqualTo("SUCCEEDED");
        JsonNode verification = backup.payload().path("verification");
        assertThat(verification.path("restored").asBoolean()).isTrue();
        assertThat(verification.path("rows").asLong()).isEqualTo(SampleSetup.ORDERS);
        assertThat(verification.path("probePassed").asBoolean()).isTrue();
        String key = backup.payload().path("object").path("key").asText();
        try (var s3 = S3.shared().newClient()) {
            assertThat(s3.headObject(request -> request.bucket(BUCKET).key(key)).contentLength()).isPositive();
        }

        // And production goes through each canary step, each analysed against Prometheus, and is promoted
        PipelineEvent production = awaitEvent(secondRun, Topics.DEPLOYED, SampleApp.PRODUCTION);
        assertThat(backup.time()).isBefore(firstEvent(secondRun, e -> e.topic().equals(Topics.DEPLOY_PROGRESSED)
                && SampleApp.PRODUCTION.equals(e.environment())
                && "CANARY_STEP".equals(e.text("phase"))).time());
        assertThat(production.text("outcome")).isEqualTo("SUCCEEDED");
        assertThat(production.text("strategy")).isEqualTo("CANARY");
        assertThat(production.payload().path("canarySteps").asInt()).isEqualTo(2);
        List<PipelineEvent> progress = progressIn(secondRun, SampleApp.PRODUCTION);
        assertThat(progress).filteredOn(e -> "CANARY_STEP".equals(e.text("phase")))
                .extracting(e -> e.payload().path("canary").path("step").asInt()).containsExactly(1, 2);
        List<PipelineEvent> analyses = progress.stream().filter(e -> "ANALYSIS".equals(e.text("phase"))).toList();
        assertThat(analyses).isNotEmpty().allSatisfy(analysis -> {
            JsonNode errorRate = check(analysis, "error-rate");
            assertThat(errorRate.path("passed").asBoolean()).isTrue();
            assertThat(errorRate.path("value").asDouble()).isZero();
        });
        assertThat(progress).filteredOn(e -> "PROMOTED".equals(e.text("phase"))).hasSize(1);
        assertThat(image(SampleApp.PRODUCTION, "hello")).isEqualTo(imageOf(secondRun));
        assertThat(deployment(SampleApp.PRODUCTION, "hello-canary")).isNull();

        // And the application's secret is in the cluster, from secrets-service, not from git or an event
        Secret secret = kubernetes.secrets().inNamespace(sample.namespace(SampleApp.PRODUCTION))
                .withName("hello-secrets").get();
        assertThat(secret.getData()).containsKey(SampleApp.SECRET_KEY);
        String password = new String(Base64.getDecoder().decode(secret.getData().get(SampleApp.SECRET_KEY)),
                StandardCharsets.UTF_8);
        assertThat(follower.events(secondRun)).allSatisfy(e -> assertThat(e.payload().toString())
                .doesNotContain(password));

        // And the gateway's timeline shows every stage of the run under its one run id
        JsonNode run = awaitRunStatus(secondRun, "SUCCEEDED");
        assertThat(run.path("runId").asText()).isEqualTo(secondRun);
        assertThat(run.path("commit").path("sha").asText()).isEqualTo(second.sha());
        List<String> stages = new ArrayList<>();
        run.path("stages").forEach(stage -> {
            assertThat(stage.path("status").asText()).as(stage.toString()).isEqualTo("SUCCEEDED");
            stages.add(stage.path("stage").asText() + (stage.path("environment").isTextual()
                    ? "/" + stage.path("environment").asText()
                    : ""));
        });
        assertThat(stages).contains("ACCEPT", "BUILD", "CHART", "SECRETS/staging", "SECRETS/production",
                "DEPLOY/staging", "BACKUP/production", "DEPLOY/production");
        List<String> timelineIds = new ArrayList<>();
        run.path("events").forEach(event -> timelineIds.add(event.path("eventId").asText()));
        assertThat(timelineIds).containsAll(follower.events(secondRun).stream().map(PipelineEvent::id).toList());
    }

    @Test
    @Order(3)
    void aCanaryThatFailsItsAnalysisIsRolledBack() {
        // Given a release whose canary answers three requests in ten with 500
        traffic.failCanary(SampleSetup.APP, 0.3);
        SampleApp.Commit broken = sample.release(3, "Third version, with a bad dependency");

        // When it is pushed
        brokenRun = setup.push(broken);

        // Then staging takes it, but production's canary fails its first analysis and is rolled back
        PipelineEvent production = awaitEvent(brokenRun, Topics.DEPLOYED, SampleApp.PRODUCTION);
        assertThat(production.text("outcome")).isEqualTo("ROLLED_BACK");
        PipelineEvent failed = firstEvent(brokenRun, e -> e.topic().equals(Topics.DEPLOY_PROGRESSED)
                && "ANALYSIS".equals(e.text("phase")));
        JsonNode errorRate = check(failed, "error-rate");
        assertThat(errorRate.path("passed").asBoolean()).isFalse();
        assertThat(errorRate.path("value").asDouble()).isGreaterThan(0.05);
        assertThat(image(SampleApp.PRODUCTION, "hello")).isEqualTo(imageOf(secondRun));
        assertThat(deployment(SampleApp.PRODUCTION, "hello-canary")).isNull();
        assertThat(awaitRunStatus(brokenRun, "ROLLED_BACK").path("stages")).anySatisfy(stage -> {
            assertThat(stage.path("stage").asText()).isEqualTo("DEPLOY");
            assertThat(stage.path("environment").asText()).isEqualTo(SampleApp.PRODUCTION);
            assertThat(stage.path("status").asText()).isEqualTo("ROLLED_BACK");
        });
    }

    @Test
    @Order(4)
    void replayingTheRolledBackDeployFromTheGatewayCompletesTheRun() {
        // Given the fault behind the rollback is gone
        traffic.heal(SampleSetup.APP);
        int deployedBefore = events(brokenRun, Topics.DEPLOYED, SampleApp.PRODUCTION).size();

        // When an SRE replays the run's deploy stage
        SlipwayApi.Answer replay = api.replay(brokenRun, "deploy", "the dependency recovered").expect(202);

        // Then the same run goes to production again, and this time the canary is promoted
        await().atMost(RUN_TIMEOUT).until(() -> events(brokenRun, Topics.DEPLOYED, SampleApp.PRODUCTION)
                .size() > deployedBefore);
        PipelineEvent production = events(brokenRun, Topics.DEPLOYED, SampleApp.PRODUCTION).get(deployedBefore);
        assertThat(production.text("outcome")).isEqualTo("SUCCEEDED");
        assertThat(production.text("strategy")).isEqualTo("CANARY");
        assertThat(image(SampleApp.PRODUCTION, "hello")).isEqualTo(imageOf(brokenRun));
        JsonNode run = awaitRunStatus(brokenRun, "SUCCEEDED");
        assertThat(replay.body().toString()).contains(brokenRun);
        assertThat(api.run(brokenRun).body().path("replays")).hasSize(1);
        assertThat(run.path("events")).anySatisfy(event -> assertThat(event.path("replayOf").isTextual()).isTrue());
    }

    // --- helpers ---

    private static List<PipelineEvent> events(String run, String topic, String environment) {
        return follower.events(run).stream().filter(e -> e.topic().equals(topic))
                .filter(e -> environment == null || environment.equals(e.environment())).toList();
    }

    /** The run's first event on {@code topic} (in {@code environment}, when given), awaited. */
    private static PipelineEvent awaitEvent(String run, String topic, String environment) {
        return await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .failFast("a stage of run " + run + " failed", () -> failure(run).isPresent())
                .until(() -> events(run, topic, environment).stream().findFirst(), Optional::isPresent).get();
    }

    /** A failed stage of the run other than deploy (whose rollbacks some tests expect), if any. */
    private static Optional<String> failure(String run) {
        return follower.events(run).stream().filter(e -> e.topic().equals(Topics.STAGE_FAILED))
                .filter(e -> !"DEPLOY".equals(e.text("stage"))).map(e -> e.payload().toString()).findFirst();
    }

    private static PipelineEvent firstEvent(String run, Predicate<PipelineEvent> predicate) {
        return follower.events(run).stream().filter(predicate).findFirst()
                .orElseThrow(() -> new AssertionError("no such event in run " + run));
    }

    private static List<PipelineEvent> progressIn(String run, String environment) {
        return events(run, Topics.DEPLOY_PROGRESSED, environment);
    }

    private static JsonNode check(PipelineEvent analysis, String name) {
        for (JsonNode result : analysis.payload().path("canary").path("analysis")) {
            if (name.equals(result.path("name").asText())) {
                return result;
            }
        }
        throw new AssertionError("no " + name + " check in " + analysis.payload());
    }

    /** The run as the gateway tells it, once its status is {@code status}. */
    private static JsonNode awaitRunStatus(String run, String status) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.run(run).expect(200).body().path("run"),
                        view -> status.equals(view.path("status").asText()));
    }

    private static String imageOf(String run) {
        return awaitEvent(run, Topics.IMAGE_BUILT, null).payload().path("image").path("repository").asText() + "@"
                + awaitEvent(run, Topics.IMAGE_BUILT, null).payload().path("image").path("digest").asText();
    }

    private static Deployment deployment(String environment, String name) {
        return kubernetes.apps().deployments().inNamespace(sample.namespace(environment)).withName(name).get();
    }

    private static String image(String environment, String name) {
        Deployment deployment = deployment(environment, name);
        assertThat(deployment).as(environment + "/" + name).isNotNull();
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    /** The digest the registry serves for {@code repository:reference}, if it has it. */
    private static Optional<String> registryDigest(String repository, String reference) throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                registry.url() + "/v2/" + repository + "/manifests/" + reference))
                .header("Accept", "application/vnd.oci.image.manifest.v1+json, "
                        + "application/vnd.docker.distribution.manifest.v2+json")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200
                ? response.headers().firstValue("Docker-Content-Digest")
                : Optional.empty();
    }

    private static List<String> registryTags(String repository) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                registry.url() + "/v2/" + repository + "/tags/list")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> tags = new ArrayList<>();
        Json.MAPPER.readTree(response.body()).path("tags").forEach(tag -> tags.add(tag.asText()));
        return tags;
    }

    private static void log(String line) {
        System.out.println("[e2e] " + line);
    }
}

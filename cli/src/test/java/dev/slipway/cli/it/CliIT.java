package dev.slipway.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.cli.Cli;
import dev.slipway.cli.Environment;
import dev.slipway.cli.ExitCode;
import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Json;
import dev.slipway.contracts.Stage;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.events.CommitPushed;
import dev.slipway.contracts.events.DeployProgressed;
import dev.slipway.contracts.events.Deployed;
import dev.slipway.contracts.events.ImageBuilt;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.contracts.fixtures.SampleEvents;
import dev.slipway.testkit.kafka.CloudEventsClient;
import dev.slipway.testkit.kafka.Kafka;
import dev.slipway.testkit.kafka.OutgoingEvent;
import dev.slipway.testkit.kubernetes.MockKubernetes;
import dev.slipway.testkit.postgres.Postgres;
import dev.slipway.testkit.support.FreePorts;

/**
 * The CLI against a running gateway-service and secrets-service: each started from its runnable jar as a process of
 * its own, on testkit's Kafka broker and PostgreSQL (and, for secrets-service, the Kubernetes mock). The pipeline's
 * other stages are played by events sent to Kafka. Each CLI command runs in this JVM, as a shell would run it.
 */
class CliIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> TOPICS = List.of(Topics.COMMIT_PUSHED, Topics.IMAGE_BUILT,
            Topics.CHART_PUBLISHED, Topics.DEPLOY_PROGRESSED, Topics.DEPLOYED, Topics.BACKUP_REQUESTED,
            Topics.BACKUP_DONE, Topics.SECRETS_SYNCED, Topics.APPROVAL_GIVEN, Topics.STAGE_FAILED);

    private static final String VIEWER = token();
    private static final String SRE = token();
    private static final String ADMIN = token();

    private static Path work;
    private static ServiceProcess gateway;
    private static ServiceProcess secrets;
    private static CloudEventsClient kafka;

    @BeforeAll
    static void startServices() throws Exception {
        Path root = Path.of(System.getProperty("slipway.root", "..")).toAbsolutePath().normalize();
        work = Path.of(System.getProperty("slipway.cli.work", "target/it")).toAbsolutePath();
        Files.createDirectories(work);
        Kafka broker = Kafka.shared();
        List<String> topics = new java.util.ArrayList<>(TOPICS);
        TOPICS.forEach(topic -> topics.add(Topics.dlq(topic)));
        broker.createTopics(1, topics);
        kafka = broker.cloudEvents();
        Postgres postgres = Postgres.shared();
        Path sealingKey = work.resolve("sealing-key.pem");
        try (var in = CliIT.class.getClassLoader().getResourceAsStream("sealing-key.it.pem")) {
            Files.copy(in, sealingKey, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        Map<String, String> common = new LinkedHashMap<>();
        common.put("kafka.bootstrap.servers", broker.bootstrapServers());
        common.put("quarkus.datasource.username", postgres.username());
        common.put("quarkus.datasource.password", postgres.password());
        common.put("quarkus.log.category.\"org.apache.kafka\".level", "WARN");

        Map<String, String> gatewayConfig = new LinkedHashMap<>(common);
        gatewayConfig.put("quarkus.datasource.jdbc.url", postgres.createDatabase("cli_gateway"));
        gatewayConfig.put("slipway.gateway.secret-key", key());
        gatewayConfig.putAll(tokens());

        Map<String, String> secretsConfig = new LinkedHashMap<>(common);
        secretsConfig.put("quarkus.datasource.jdbc.url", postgres.createDatabase("cli_secrets"));
        secretsConfig.put("slipway.secrets.kek.active", "it");
        secretsConfig.put("slipway.secrets.kek.keys", "it:" + key());
        secretsConfig.put("slipway.secrets.sealing.private-key-file", sealingKey.toString());
        secretsConfig.put("slipway.secrets.sync.reconcile-every", "1h");
        secretsConfig.put("slipway.secrets.rotation.check-every", "1h");
        secretsConfig.put("quarkus.kubernetes-client.api-server-url", MockKubernetes.shared().masterUrl());
        secretsConfig.put("quarkus.kubernetes-client.trust-certs", "true");
        secretsConfig.putAll(tokens());

        gateway = ServiceProcess.start("gateway-service", jar(root, "gateway-service"), FreePorts.next(),
                gatewayConfig, work);
        secrets = ServiceProcess.start("secrets-service", jar(root, "secrets-service"), FreePorts.next(),
                secretsConfig, work);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        for (ServiceProcess service : List.of(gateway, secrets)) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300))
                    .until(() -> service.ready(http));
        }
    }

    @AfterAll
    static void stopServices() {
        for (ServiceProcess service : new ServiceProcess[]{gateway, secrets}) {
            if (service != null) {
                service.close();
                assertThat(service.isAlive()).as(service + " stopped").isFalse();
            }
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Path jar(Path root, String module) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** The three tokens, by digest, as the services' {@code slipway.api.tokens.*} keys. */
    private static Map<String, String> tokens() {
        Map<String, String> tokens = new LinkedHashMap<>();
        Map.of("it-viewer", VIEWER, "it-sre", SRE, "it-admin", ADMIN).forEach((name, token) -> {
            tokens.put("slipway.api.tokens." + name + ".role", name.substring(3));
            tokens.put("slipway.api.tokens." + name + ".sha256", sha256(token));
        });
        return tokens;
    }

    // ---- gateway: runs

    @Test
    void listsRunsOfAnApplicationAsATableAndAsJson() throws Exception {
        String app = app("list");
        String runId = run();
        send(Topics.COMMIT_PUSHED, EventTypes.COMMIT_PUSHED, app, runId, pushed(app));
        send(Topics.IMAGE_BUILT, EventTypes.IMAGE_BUILT, app, runId, built(app));

        await().atMost(WAIT).untilAsserted(() -> assertThat(slipway(VIEWER, "runs", "--app", app).out())
                .contains(runId));
        Cli.Result table = slipway(VIEWER, "runs", "--app", app);
        Cli.Result json = slipway(VIEWER, "runs", "--app", app, "--status", "running", "-o", "json");
        Cli.Result none = slipway(VIEWER, "runs", "--app", app, "--status", "succeeded");
        Cli.Result one = slipway(VIEWER, "run", runId);

        assertThat(table.exitCode()).isZero();
        assertThat(table.out().lines().toList()).first().asString().startsWith("RUN").contains("STATUS");
        assertThat(table.out()).contains(runId + "  " + app + "  RUNNING  main@3f6c2a9e8b7d");
        JsonNode runs = Json.MAPPER.readTree(json.out());
        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.path("runId").asText()).isEqualTo(runId);
            assertThat(run.path("status").asText()).isEqualTo("RUNNING");
        });
        assertThat(none.exitCode()).isZero();
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).contains("no runs of " + app + " SUCCEEDED");
        assertThat(one.out()).contains("run " + runId + "  " + app + "  RUNNING")
                .containsPattern("BUILD +SUCCEEDED +\\[#{20}\\] 100%")
                .containsPattern("CHART +RUNNING +\\[>-{19}\\]");
    }

    @Test
    void followsARunThroughItsCanaryStepsToDeployedAndExitsZero() throws Exception {
        String app = app("follow");
        String runId = run();
        send(Topics.COMMIT_PUSHED, EventTypes.COMMIT_PUSHED, app, runId, pushed(app));
        send(Topics.IMAGE_BUILT, EventTypes.IMAGE_BUILT, app, runId, built(app));
        send(Topics.CHART_PUBLISHED, EventTypes.CHART_PUBLISHED, app, runId, published(app));
        awaitRun(runId, "DEPLOY production");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> follow = CompletableFuture.supplyAsync(() -> Cli.run(environment(VIEWER, ""),
                out, err, "run", runId, "--follow", "--interval", "1", "--timeout", "90"));
        await().atMost(WAIT).until(() -> text(err).contains("watching live events of " + app));
        assertThat(text(out)).contains("run " + runId + "  " + app + "  RUNNING");

        send(Topics.DEPLOYED, EventTypes.DEPLOYED, app, runId, deployed(app, "staging", Deployed.Outcome.SUCCEEDED));
        send(Topics.DEPLOY_PROGRESSED, EventTypes.DEPLOY_PROGRESSED, app, runId, canary(app, 1, 10));
        await().atMost(WAIT).until(() -> text(out).contains("canary step 1/3 at 10%"));
        send(Topics.DEPLOY_PROGRESSED, EventTypes.DEPLOY_PROGRESSED, app, runId, canary(app, 2, 25));
        await().atMost(WAIT).until(() -> text(out).contains("canary step 2/3 at 25%"));
        send(Topics.DEPLOYED, EventTypes.DEPLOYED, app, runId, deployed(app, "production",
                Deployed.Outcome.SUCCEEDED));

        assertThat(follow.get(60, TimeUnit.SECONDS)).as(text(out) + text(err)).isEqualTo(ExitCode.OK);
        assertThat(text(out))
                .containsPattern("DEPLOY production +RUNNING +\\[##---------+\\]  10% .*canary step 1/3 at 10%: "
                        + "error-rate 0.01 \\(<= 0.05\\) ok")
                .containsPattern("DEPLOY production +RUNNING +\\[#####-+\\]  25% .*canary step 2/3 at 25%")
                .containsPattern("DEPLOY staging +SUCCEEDED +\\[#{20}\\] 100%")
                .contains("run " + runId + "  " + app + "  SUCCEEDED");
    }

    @Test
    void followingARunThatFailsExitsOneAndNamesTheFailedStage() throws Exception {
        String app = app("fails");
        String runId = run();
        String pushedId = send(Topics.COMMIT_PUSHED, EventTypes.COMMIT_PUSHED, app, runId, pushed(app));
        awaitRun(runId, "BUILD");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> follow = CompletableFuture.supplyAsync(() -> Cli.run(environment(VIEWER, ""),
                out, err, "run", runId, "-f", "--interval", "1", "--timeout", "90"));
        send(Topics.STAGE_FAILED, EventTypes.STAGE_FAILED, app, runId, failed(app, pushedId));

        assertThat(follow.get(60, TimeUnit.SECONDS)).as(text(out) + text(err)).isEqualTo(ExitCode.RUN_FAILED);
        assertThat(text(out)).containsPattern("BUILD +FAILED +\\[x{20}\\] .*INVALID_INPUT: build command "
                + "'./build.sh' exited with 2");
        assertThat(text(err)).contains("slipway: run " + runId + " FAILED: BUILD FAILED (INVALID_INPUT)");
    }

    @Test
    void followGivesUpAtItsTimeout() {
        String app = app("slow");
        String runId = run();
        send(Topics.COMMIT_PUSHED, EventTypes.COMMIT_PUSHED, app, runId, pushed(app));
        awaitRun(runId, "BUILD");

        Cli.Result result = slipway(VIEWER, "run", runId, "--follow", "--interval", "1", "--timeout", "2");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.TIMEOUT);
        assertThat(result.err()).contains("run " + runId + " is still RUNNING after 2s");
    }

    @Test
    void anUnknownRunExitsNotFound() {
        Cli.Result show = slipway(VIEWER, "run", "no-such-run");
        Cli.Result follow = slipway(VIEWER, "run", "no-such-run", "--follow");

        assertThat(show.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(show.err()).isEqualTo("slipway: no run no-such-run (404)\n");
        assertThat(follow.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    }

    // ---- gateway: replay and approval

    @Test
    void replaysAFailedStageAndRefusesWhatMayNotBeReplayed() throws Exception {
        String app = app("replay");
        String runId = run();
        String pushedId = send(Topics.COMMIT_PUSHED, EventTypes.COMMIT_PUSHED, app, runId, pushed(app));
        awaitRun(runId, "BUILD");

        Cli.Result notFailed = slipway(SRE, "replay", runId, "build", "--reason", "why not");
        Cli.Result noInput = slipway(SRE, "replay", runId, "chart", "--reason", "why not");
        send(Topics.STAGE_FAILED, EventTypes.STAGE_FAILED, app, runId, failed(app, pushedId));
        awaitRun(runId, "FAILED");
        Cli.Result asViewer = slipway(VIEWER, "replay", runId, "build", "--reason", "flaky runner");
        Cli.Result replayed = slipway(SRE, "replay", runId, "build", "--reason", "flaky runner", "-o", "json");

        assertThat(notFailed.exitCode()).as(notFailed.toString()).isEqualTo(ExitCode.CONFLICT);
        assertThat(noInput.exitCode()).as(noInput.toString()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(asViewer.exitCode()).isEqualTo(ExitCode.FORBIDDEN);
        assertThat(asViewer.err()).contains("this token's role may not do that (403)");
        assertThat(replayed.exitCode()).as(replayed.toString()).isZero();
        JsonNode replay = Json.MAPPER.readTree(replayed.out());
        assertThat(replay.path("replayOf").asText()).isEqualTo(pushedId);
        assertThat(replay.path("requestedBy").asText()).isEqualTo("it-sre");
        String newId = replay.path("eventId").asText();
        assertThat(kafka.await(Topics.COMMIT_PUSHED, e -> newId.equals(e.id()), "the replayed commit-pushed", WAIT)
                .replayOf()).isEqualTo(pushedId);
        await().atMost(WAIT).untilAsserted(() -> assertThat(slipway(VIEWER, "run", runId, "--events").out())
                .contains("REPLAYED").contains(newId).contains("flaky runner"));
    }

    @Test
    void approvesAnEnvironmentWaitingAtItsGateAndRefusesOneThatIsNot() {
        String app = app("gate");
        String runId = run();
        send(Topics.COMMIT_PUSHED, EventTypes.COMMIT_PUSHED, app, runId, pushed(app));
        send(Topics.IMAGE_BUILT, EventTypes.IMAGE_BUILT, app, runId, built(app));
        send(Topics.CHART_PUBLISHED, EventTypes.CHART_PUBLISHED, app, runId, published(app));
        send(Topics.DEPLOY_PROGRESSED, EventTypes.DEPLOY_PROGRESSED, app, runId, new DeployProgressed(app,
                "production", "hello-prod", app, DeployProgressed.Phase.AWAITING_APPROVAL, "waiting for an SRE",
                List.of(), null));
        awaitRun(runId, "AWAITING_APPROVAL");

        Cli.Result notWaiting = slipway(SRE, "approve", runId, "staging");
        Cli.Result rejectWithoutReason = slipway(SRE, "reject", runId, "production");
        Cli.Result approved = slipway(SRE, "approve", runId, "production", "--reason", "change window open");

        assertThat(notWaiting.exitCode()).isEqualTo(ExitCode.CONFLICT);
        assertThat(notWaiting.err()).contains("is not waiting for approval in staging (409)");
        assertThat(rejectWithoutReason.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(approved.exitCode()).as(approved.toString()).isZero();
        assertThat(approved.out()).startsWith("approved production of run " + runId + " (event ");
        assertThat(kafka.await(Topics.APPROVAL_GIVEN, EventTypes.APPROVAL_GIVEN, runId, WAIT).payloadTree()
                .path("by").asText()).isEqualTo("it-sre");
    }

    // ---- gateway: dead letters, repositories, subscriptions

    @Test
    void listsADeadLetterAndPutsItBack() throws Exception {
        String runId = run();
        String originalId = UUID.randomUUID().toString();
        RecordMetadata written = deadLetter(originalId, runId);
        String id = Topics.dlq(Topics.CHART_PUBLISHED) + "/" + written.partition() + "/" + written.offset();

        await().atMost(WAIT).untilAsserted(() -> assertThat(slipway(VIEWER, "dlq", "ls").out()).contains(id));
        Cli.Result table = slipway(VIEWER, "dlq", "ls");
        JsonNode json = Json.MAPPER.readTree(slipway(VIEWER, "dlq", "ls", "-o", "json").out());
        Cli.Result replayed = slipway(SRE, "dlq", "replay", id, "--reason", "cluster is back");
        Cli.Result missing = slipway(SRE, "dlq", "replay", "nope.dlq/0/0", "--reason", "x");

        assertThat(table.out()).containsPattern(id.replace(".", "\\.") + " +\\d+s +hello +"
                + EventTypes.CHART_PUBLISHED.replace(".", "\\.") + " +" + runId + " +cluster did not answer");
        assertThat(json.findValuesAsText("eventId")).contains(originalId);
        assertThat(replayed.exitCode()).as(replayed.toString()).isZero();
        assertThat(replayed.out()).startsWith("put " + id + " back on chart-published as event ");
        assertThat(kafka.await(Topics.CHART_PUBLISHED, e -> originalId.equals(e.replayOf()), "the put-back record",
                WAIT).runId()).isEqualTo(runId);
        assertThat(missing.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    void registersARepositoryWithTheSecretFromStandardInputAndListsIt() throws Exception {
        String name = app("repo");
        String[] add = {"repos", "add", "--provider", "gitea", "--full-name", "team/" + name, "--clone-url",
                "https://git.example.test/team/" + name + ".git", "--branch", "main", "--branch", "release"};

        Cli.Result asSre = withInput(SRE, "webhook-s3cret\n", add);
        Cli.Result registered = withInput(ADMIN, "webhook-s3cret\n", add);
        Cli.Result again = withInput(ADMIN, "webhook-s3cret\n", add);
        Cli.Result listed = slipway(VIEWER, "repos", "ls");
        JsonNode json = Json.MAPPER.readTree(slipway(VIEWER, "repos", "ls", "-o", "json").out());

        assertThat(asSre.exitCode()).isEqualTo(ExitCode.FORBIDDEN);
        assertThat(registered.exitCode()).as(registered.toString()).isZero();
        assertThat(registered.out()).isEqualTo("registered team/" + name + " as " + name + ": point its gitea push "
                + "webhook at " + gateway.url() + "/webhooks/gitea\n");
        assertThat(again.exitCode()).isEqualTo(ExitCode.CONFLICT);
        assertThat(listed.out()).containsPattern(name + " +gitea +team/" + name + " +main,release +https://");
        assertThat(json.toString()).contains("team/" + name).doesNotContain("webhook-s3cret");
    }

    @Test
    void subscribesAUrlToEventsAndListsTheSubscription() throws Exception {
        Path secretFile = Files.writeString(work.resolve("subscription-secret"), "hmac-key-for-hooks");
        String name = app("hook");

        Cli.Result created = slipway(SRE, "subscribe", "--name", name, "--url", "http://127.0.0.1:9/hooks",
                "--secret-file", secretFile.toString(), "--event", "deployed", "--outcome", "ROLLED_BACK", "-o",
                "json");
        Cli.Result invalid = slipway(SRE, "subscribe", "--name", name, "--url", "http://127.0.0.1:9/hooks",
                "--secret-file", secretFile.toString(), "--event", "coffee-brewed");
        Cli.Result listed = slipway(VIEWER, "subscriptions", "ls");

        assertThat(created.exitCode()).as(created.toString()).isZero();
        String id = Json.MAPPER.readTree(created.out()).path("id").asText();
        assertThat(created.out()).doesNotContain("hmac-key-for-hooks");
        assertThat(invalid.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(invalid.err()).contains("invalid subscription: eventTypes: unknown event type 'coffee-brewed'");
        assertThat(listed.out()).containsPattern(id + " +" + name + " +http://127.0.0.1:9/hooks +eventTypes="
                + EventTypes.DEPLOYED.replace(".", "\\.") + " outcomes=ROLLED_BACK +it-sre");
        assertThat(slipway(VIEWER, "subscriptions", "deliveries", id).exitCode()).isZero();
    }

    @Test
    void tellsATokenTheServerDoesNotKnowFromNoTokenAndFromAnUnreachableServer() throws IOException {
        Cli.Result wrongToken = slipway("not-a-token", "runs");
        Cli.Result noToken = Cli.run(Cli.environment(Map.of("SLIPWAY_SERVER", gateway.url()), work, ""), "runs");
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Cli.Result unreachable = slipway(VIEWER, "runs", "--server", "http://127.0.0.1:" + closed);

        assertThat(wrongToken.exitCode()).isEqualTo(ExitCode.UNAUTHENTICATED);
        assertThat(wrongToken.err()).contains("does not accept this token (401)").doesNotContain("not-a-token");
        assertThat(noToken.exitCode()).isEqualTo(ExitCode.UNAUTHENTICATED);
        assertThat(noToken.err()).contains("the gateway needs a token (401)");
        assertThat(unreachable.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(unreachable.err()).contains("cannot reach the gateway at http://127.0.0.1:" + closed);
    }

    // ---- secrets-service

    @Test
    void setsGeneratesRotatesAndListsSecretsWithoutEverShowingAValue() throws Exception {
        String app = app("shop");

        Cli.Result set = withInput(SRE, "value-never-shown-1\n", "secrets", "set", app, "staging", "API_TOKEN");
        Cli.Result generated = slipway(SRE, "secrets", "generate", app, "staging", "DB_PASSWORD", "--length", "24",
                "--alphabet", "hex", "--rotate-every", "30d");
        Cli.Result rotated = slipway(SRE, "secrets", "rotate", app, "staging", "DB_PASSWORD", "-o", "json");
        Cli.Result notRotatable = slipway(SRE, "secrets", "rotate", app, "staging", "API_TOKEN");
        Cli.Result missing = slipway(SRE, "secrets", "rotate", app, "staging", "NOPE");
        Cli.Result asViewer = slipway(VIEWER, "secrets", "ls", app, "staging");
        Cli.Result table = slipway(SRE, "secrets", "ls", app, "staging");
        Cli.Result json = slipway(SRE, "secrets", "ls", app, "staging", "-o", "json");

        assertThat(set.exitCode()).as(set.toString()).isZero();
        assertThat(set.out()).startsWith("API_TOKEN set in " + app + "/staging: version 1, not synced yet");
        assertThat(generated.exitCode()).as(generated.toString()).isZero();
        assertThat(Json.MAPPER.readTree(rotated.out()).path("version").asInt()).isEqualTo(2);
        assertThat(notRotatable.exitCode()).isEqualTo(ExitCode.CONFLICT);
        assertThat(missing.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(asViewer.exitCode()).isEqualTo(ExitCode.FORBIDDEN);
        assertThat(table.out()).containsPattern("API_TOKEN +1 +set +\\d+s +it-sre")
                .containsPattern("DB_PASSWORD +2 +generated +\\d+s +it-sre +every (30d|P30D|PT720H)");
        assertThat(Json.MAPPER.readTree(json.out()).path("keys").findValuesAsText("key"))
                .containsExactlyInAnyOrder("API_TOKEN", "DB_PASSWORD");
        for (Cli.Result result : List.of(set, generated, rotated, table, json)) {
            assertThat(result.out() + result.err()).doesNotContain("value-never-shown");
        }
    }

    @Test
    void sealsOfflineWithTheSavedKeyAndSecretsServiceOpensItOnlyForItsOwnApplication() throws Exception {
        String app = app("sealed");
        Path pem = work.resolve("sealing-" + app + ".pem");

        Cli.Result saved = Cli.run(Cli.environment(Map.of("SLIPWAY_SECRETS_SERVER", secrets.url()), work, ""),
                "sealing-key", "--save", pem.toString());
        // No server configured at all: sealing is offline.
        Environment offline = Cli.environment(Map.of(), work, "sealed-value-never-shown\n");
        Cli.Result sealed = Cli.run(offline, "seal", app, "production", "API_TOKEN", "--public-key", pem.toString(),
                "--line");
        Cli.Result online = withInput(SRE, "another-sealed-value\n", "seal", app, "production", "DB_PASSWORD");
        Path file = Files.writeString(work.resolve(app + ".sealed"), "# committed to git\n" + sealed.out()
                + "DB_PASSWORD=" + online.out());
        Path wrongApp = Files.writeString(work.resolve(app + "-other.sealed"), sealed.out());

        Cli.Result applied = slipway(SRE, "secrets", "apply", app, "production", file.toString());
        Cli.Result refused = slipway(SRE, "secrets", "apply", "other-" + app, "production", wrongApp.toString());
        Cli.Result listed = slipway(SRE, "secrets", "ls", app, "production");

        assertThat(saved.exitCode()).as(saved.toString()).isZero();
        assertThat(saved.out()).startsWith("sealing key ");
        assertThat(sealed.exitCode()).as(sealed.toString()).isZero();
        assertThat(sealed.out()).startsWith("API_TOKEN=v1:").doesNotContain("never-shown");
        assertThat(online.exitCode()).as(online.toString()).isZero();
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
        assertThat(applied.out()).contains("API_TOKEN set-sealed in " + app + "/production: version 1")
                .contains("DB_PASSWORD set-sealed in " + app + "/production: version 1");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(refused.err()).contains("(422)").doesNotContain("never-shown");
        assertThat(listed.out()).containsPattern("API_TOKEN +1 +sealed").containsPattern("DB_PASSWORD +1 +sealed");
    }

    // ---- the launcher

    @Test
    void theLauncherScriptRunsTheRunnableJar() throws Exception {
        Path script = Path.of(System.getProperty("slipway.root", "..")).resolve("cli/slipway").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(script.toString(), "runs", "--limit", "1", "-o", "json")
                .redirectErrorStream(true);
        // Server and token from the environment, as a script would pass them.
        builder.environment().put("SLIPWAY_SERVER", gateway.url());
        builder.environment().put("SLIPWAY_TOKEN", VIEWER);
        builder.environment().put("SLIPWAY_JAR", System.getProperty("slipway.cli.jar", "target/slipway.jar"));
        builder.environment().put("HOME", work.toString());
        Process launched = builder.start();
        launched.getOutputStream().close();
        String output = new String(launched.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(launched.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(launched.exitValue()).as(output).isZero();
        assertThat(Json.MAPPER.readTree(output).isArray()).as(output).isTrue();
    }

    // ---- helpers

    private static Environment environment(String token, String stdin) {
        Map<String, String> variables = new HashMap<>();
        variables.put("SLIPWAY_SERVER", gateway.url());
        variables.put("SLIPWAY_SECRETS_SERVER", secrets.url());
        variables.put("SLIPWAY_TOKEN", token);
        return Cli.environment(variables, work, stdin);
    }

    private static Cli.Result slipway(String token, String... args) {
        return Cli.run(environment(token, ""), args);
    }

    /** {@code slipway} with {@code stdin} on its standard input. */
    private static Cli.Result withInput(String token, String stdin, String... args) {
        return Cli.run(environment(token, stdin), args);
    }

    private static String text(StringWriter writer) {
        synchronized (writer) {
            return writer.toString();
        }
    }

    /** Waits until {@code slipway run} shows {@code text}. */
    private static void awaitRun(String runId, String text) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(slipway(VIEWER, "run", runId).out()).contains(text));
    }

    private static String send(String topic, String type, String app, String runId, Object payload) {
        String id = UUID.randomUUID().toString();
        kafka.send(topic, OutgoingEvent.of(type, app, payload).withId(id).withRunId(runId));
        return id;
    }

    private static String app(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String run() {
        return UUID.randomUUID().toString();
    }

    private static CommitPushed pushed(String app) {
        CommitPushed sample = SampleEvents.commitPushed();
        return new CommitPushed(app, sample.commit(), sample.before(), sample.author(), sample.message(),
                sample.pushedAt(), UUID.randomUUID().toString());
    }

    private static ImageBuilt built(String app) {
        ImageBuilt sample = SampleEvents.imageBuilt();
        return new ImageBuilt(app, sample.commit(), sample.image(), sample.baseImageDigest(), sample.sizeBytes(),
                sample.layerCount(), sample.buildMillis(), sample.spec());
    }

    private static ChartPublished published(String app) {
        ChartPublished sample = SampleEvents.chartPublished();
        return new ChartPublished(app, sample.commit(), sample.image(), sample.chart(), sample.spec());
    }

    private static DeployProgressed canary(String app, int step, int weight) {
        return new DeployProgressed(app, "production", "hello-prod", app, DeployProgressed.Phase.CANARY_STEP,
                "step " + step + " of 3 at " + weight + "%", List.of(),
                new DeployProgressed.CanaryProgress(step, 3, weight, 0, List.of(
                        new DeployProgressed.AnalysisResult("error-rate", 0.01, "<= 0.05", true, null))));
    }

    private static Deployed deployed(String app, String environment, Deployed.Outcome outcome) {
        Deployed sample = SampleEvents.deployed();
        return new Deployed(app, environment, "hello-" + environment, app, outcome, sample.commit(), sample.image(),
                sample.chart(), sample.startedAt(), sample.finishedAt(), null, sample.strategy(), 1,
                sample.canarySteps(), "0 created, 2 changed, 0 pruned");
    }

    private static StageFailed failed(String app, String inputEventId) {
        return StageFailed.of(app, Stage.BUILD, null, FailureReason.INVALID_INPUT,
                "build command './build.sh' exited with 2", List.of("error: missing ';'"), Topics.COMMIT_PUSHED,
                inputEventId, 1);
    }

    /** A record another service gave up on, as its dead-letter queue writes it. */
    private static RecordMetadata deadLetter(String id, String runId) {
        try (CloudEventsClient kafka = new CloudEventsClient(Kafka.shared().bootstrapServers())) {
            return kafka.sendDeadLetter(Topics.CHART_PUBLISHED, 0, 7, "cluster did not answer",
                    new OutgoingEvent(id, "/slipway/chart-service", EventTypes.CHART_PUBLISHED, "hello",
                            OffsetDateTime.now(ZoneOffset.UTC), runId, null, null, SampleEvents.chartPublished()));
        }
    }

    private static String token() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "slw_" + HexFormat.of().formatHex(bytes);
    }

    private static String key() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

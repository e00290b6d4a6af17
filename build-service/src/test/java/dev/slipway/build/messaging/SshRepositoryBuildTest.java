package dev.slipway.build.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.slipway.build.testing.RegistryReader;
import dev.slipway.build.testing.RegistryTestResource;
import dev.slipway.build.testing.Specs;
import dev.slipway.build.testing.SshGitTestResource;
import dev.slipway.build.testing.TestRepository;
import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Stage;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.CommitPushed;
import dev.slipway.contracts.events.CommitRef;
import dev.slipway.contracts.events.ImageBuilt;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.testkit.kafka.CloudEventsClient;
import dev.slipway.testkit.kafka.Kafka;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.kafka.OutgoingEvent;
import dev.slipway.testkit.kafka.ReceivedEvent;

/**
 * Repositories served over ssh by real ssh servers on 127.0.0.1 ({@link SshGitTestResource}), with the real broker
 * and registry: the same resources as {@link CommitPushedHandlerTest}, so both run in one application.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Topics.IMAGE_BUILT + "," + Topics.STAGE_FAILED),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.COMMIT_PUSHED + "," + Topics.IMAGE_BUILT + ","
                + Topics.STAGE_FAILED + "," + Topics.COMMIT_PUSHED + Topics.DLQ_SUFFIX)})
@WithTestResource(RegistryTestResource.class)
@WithTestResource(SshGitTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshRepositoryBuildTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    static CloudEventsClient events;
    /** Every event these tests received, checked at the end for key material. */
    static final List<ReceivedEvent> received = new ArrayList<>();

    @ConfigProperty(name = "slipway.build.registry.address")
    String registry;

    @ConfigProperty(name = "slipway.test.ssh.root")
    Path root;

    @ConfigProperty(name = "slipway.test.ssh.port")
    int port;

    @ConfigProperty(name = "slipway.test.ssh.stranger-port")
    int strangerPort;

    @ConfigProperty(name = "slipway.test.ssh.scp-port")
    int scpPort;

    @ConfigProperty(name = "slipway.build.git.ssh.private-key-file")
    Path keyFile;

    @ConfigProperty(name = "quarkus.log.file.path")
    Path logFile;

    @BeforeAll
    static void connect() {
        events = Kafka.shared().cloudEvents();
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    TestRepository served(String app) throws IOException {
        return Specs.siteRepository(root.resolve(app), Specs.site(app, ""), "<p>" + app + "</p>");
    }

    String path(TestRepository repo) {
        return root.relativize(repo.bareDirectory()).toString();
    }

    static OutgoingEvent pushed(String app, String cloneUrl, String sha, String runId) {
        CommitPushed payload = new CommitPushed(app, new CommitRef("gitea", "team/" + app, cloneUrl, "main", sha),
                null, "ada", "test", Instant.now(), UUID.randomUUID().toString());
        return OutgoingEvent.of(EventTypes.COMMIT_PUSHED, app, payload).withRunId(runId);
    }

    ReceivedEvent await(String topic, String type, String runId) {
        ReceivedEvent event = events.await(topic, type, runId, WAIT);
        synchronized (received) {
            received.add(event);
        }
        return event;
    }

    @Test
    @Order(1)
    void buildsACommitFetchedOverSsh() throws Exception {
        try (TestRepository repo = served("ssh-ok")) {
            String sha = repo.commit("first");
            String runId = UUID.randomUUID().toString();

            events.send(Topics.COMMIT_PUSHED, pushed("ssh-ok", "ssh://git@127.0.0.1:" + port + "/" + path(repo), sha,
                    runId));

            ImageBuilt built = await(Topics.IMAGE_BUILT, EventTypes.IMAGE_BUILT, runId).payload(ImageBuilt.class);
            assertThat(built.commit().sha()).isEqualTo(sha);
            assertThat(built.image().digest())
                    .isEqualTo(new RegistryReader(registry).digest("apps/ssh-ok", sha).orElseThrow());
            assertThat(new RegistryReader(registry).config("apps/ssh-ok", sha).path("config").path("Labels")
                    .path("org.opencontainers.image.source").asText())
                    .isEqualTo("ssh://127.0.0.1:" + port + "/" + path(repo));
        }
    }

    @Test
    @Order(2)
    void buildsACommitFetchedThroughAnScpLikeUrl() throws Exception {
        assumeTrue(scpPort == 22, "no ssh server could listen on 127.0.0.1:22, which scp-like URLs always use");
        try (TestRepository repo = served("ssh-scp")) {
            String sha = repo.commit("first");
            String runId = UUID.randomUUID().toString();

            events.send(Topics.COMMIT_PUSHED, pushed("ssh-scp", "git@127.0.0.1:" + path(repo), sha, runId));

            ImageBuilt built = await(Topics.IMAGE_BUILT, EventTypes.IMAGE_BUILT, runId).payload(ImageBuilt.class);
            assertThat(built.image().digest())
                    .isEqualTo(new RegistryReader(registry).digest("apps/ssh-scp", sha).orElseThrow());
            assertThat(new RegistryReader(registry).config("apps/ssh-scp", sha).path("config").path("Labels")
                    .path("org.opencontainers.image.source").asText())
                    .isEqualTo("ssh://127.0.0.1/" + path(repo));
        }
    }

    @Test
    @Order(3)
    void reportsALoginRefusedForTheConfiguredKeyOnceAndNotRetriable() throws Exception {
        try (TestRepository repo = served("ssh-refused")) {
            String sha = repo.commit("first");
            String runId = UUID.randomUUID().toString();
            OutgoingEvent sent = pushed("ssh-refused", "ssh://other@127.0.0.1:" + port + "/" + path(repo), sha,
                    runId);

            events.send(Topics.COMMIT_PUSHED, sent);

            StageFailed failed = await(Topics.STAGE_FAILED, EventTypes.STAGE_FAILED, runId).payload(StageFailed.class);
            assertThat(failed.stage()).isEqualTo(Stage.BUILD);
            assertThat(failed.reason()).isEqualTo(FailureReason.INVALID_INPUT);
            assertThat(failed.retriable()).isFalse();
            assertThat(failed.inputEventId()).isEqualTo(sent.id());
            assertThat(failed.message()).contains("refused the ssh login of 'other'");
            assertThat(events.readFor(Topics.STAGE_FAILED, Duration.ofMillis(500)))
                    .filteredOn(e -> runId.equals(e.runId())).hasSize(1);
            assertThat(new RegistryReader(registry).digest("apps/ssh-refused", sha)).isEmpty();
        }
    }

    @Test
    @Order(4)
    void reportsAnUntrustedHostKeyNamingTheHost() throws Exception {
        try (TestRepository repo = served("ssh-stranger")) {
            String sha = repo.commit("first");
            String runId = UUID.randomUUID().toString();

            events.send(Topics.COMMIT_PUSHED, pushed("ssh-stranger", "ssh://git@127.0.0.1:" + strangerPort + "/"
                    + path(repo), sha, runId));

            StageFailed failed = await(Topics.STAGE_FAILED, EventTypes.STAGE_FAILED, runId).payload(StageFailed.class);
            assertThat(failed.reason()).isEqualTo(FailureReason.INVALID_INPUT);
            assertThat(failed.retriable()).isFalse();
            assertThat(failed.message()).contains("127.0.0.1:" + strangerPort).contains("ecdsa-sha2-nistp256")
                    .contains("is not trusted");
            assertThat(events.readFor(Topics.STAGE_FAILED, Duration.ofMillis(500)))
                    .filteredOn(e -> runId.equals(e.runId())).hasSize(1);
            assertThat(new RegistryReader(registry).digest("apps/ssh-stranger", sha)).isEmpty();
        }
    }

    /** Runs last: everything the ssh builds above logged and emitted. */
    @Test
    @Order(5)
    void neverShowsThePassphraseOrTheKeyInLogsOrEvents() throws IOException {
        assertThat(received).as("the tests above ran").hasSizeGreaterThanOrEqualTo(3);
        List<String> secrets = new ArrayList<>(List.of(SshGitTestResource.PASSPHRASE));
        // Every line of the key file with key material (the armour lines are not secret).
        Files.readAllLines(keyFile).stream().filter(line -> !line.startsWith("-----") && !line.isBlank())
                .forEach(secrets::add);
        assertThat(secrets).hasSizeGreaterThan(2);

        String log = Files.readString(logFile);
        assertThat(log).as("the service's log was captured").contains("ssh repositories enabled")
                .contains("ssh-refused");
        for (String secret : secrets) {
            assertThat(log).doesNotContain(secret);
            for (ReceivedEvent event : received) {
                assertThat(event.payloadText()).doesNotContain(secret);
                assertThat(event.headers().toString()).doesNotContain(secret);
            }
        }
    }
}

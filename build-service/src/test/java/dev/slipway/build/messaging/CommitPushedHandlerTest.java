package dev.slipway.build.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

/** The service end to end: a real Kafka broker, a real registry, real git repositories. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Topics.IMAGE_BUILT + "," + Topics.STAGE_FAILED),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.COMMIT_PUSHED + "," + Topics.IMAGE_BUILT + ","
                + Topics.STAGE_FAILED + "," + Topics.COMMIT_PUSHED + Topics.DLQ_SUFFIX)})
@WithTestResource(RegistryTestResource.class)
@WithTestResource(SshGitTestResource.class)
class CommitPushedHandlerTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    static CloudEventsClient events;

    @TempDir
    static Path dir;

    @ConfigProperty(name = "slipway.build.registry.address")
    String registry;

    @ConfigProperty(name = "quarkus.http.test-port", defaultValue = "8081")
    int httpPort;

    @BeforeAll
    static void connect() {
        events = Kafka.shared().cloudEvents();
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    static CommitPushed pushed(TestRepository repo, String app, String sha) {
        return new CommitPushed(app, new CommitRef("gitea", "team/" + app, repo.url(), "main", sha), null, "ada",
                "test", Instant.now(), UUID.randomUUID().toString());
    }

    static OutgoingEvent event(CommitPushed payload, String runId) {
        return OutgoingEvent.of(EventTypes.COMMIT_PUSHED, payload.app(), payload).withRunId(runId);
    }

    @Test
    void buildsAPushedCommitAndAnswersInTheSameRun() throws Exception {
        try (TestRepository repo = Specs.siteRepository(dir.resolve("ok"), Specs.site("kafka-ok", ""), "<p>hi</p>")) {
            String sha = repo.commit("first");
            String runId = UUID.randomUUID().toString();
            OutgoingEvent sent = event(pushed(repo, "kafka-ok", sha), runId);

            events.send(Topics.COMMIT_PUSHED, sent);

            ReceivedEvent answer = events.await(Topics.IMAGE_BUILT, EventTypes.IMAGE_BUILT, runId, WAIT);
            assertThat(answer.causationId()).isEqualTo(sent.id());
            assertThat(answer.subject()).isEqualTo("kafka-ok");
            assertThat(answer.key()).isEqualTo("kafka-ok");
            assertThat(answer.source()).isEqualTo("/slipway/build-service");
            ImageBuilt built = answer.payload(ImageBuilt.class);
            assertThat(built.commit().sha()).isEqualTo(sha);
            assertThat(built.image().digest())
                    .isEqualTo(new RegistryReader(registry).digest("apps/kafka-ok", sha).orElseThrow());
            assertThat(built.spec().app()).isEqualTo("kafka-ok");
            assertThat(built.layerCount()).isEqualTo(2);

            // A replay of the same input answers once more, from the registry, with the same image.
            OutgoingEvent replay = OutgoingEvent.of(EventTypes.COMMIT_PUSHED, "kafka-ok", sent.data())
                    .withRunId(runId).withReplayOf(sent.id());
            events.send(Topics.COMMIT_PUSHED, replay);
            ReceivedEvent again = events.await(Topics.IMAGE_BUILT,
                    e -> replay.id().equals(e.causationId()), "causation " + replay.id(), WAIT);
            assertThat(again.runId()).isEqualTo(runId);
            assertThat(again.payload(ImageBuilt.class).image().digest()).isEqualTo(built.image().digest());
            assertThat(events.readFor(Topics.IMAGE_BUILT, Duration.ofMillis(500)))
                    .filteredOn(e -> runId.equals(e.runId())).hasSize(2);

            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + httpPort + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).containsPattern(
                    "slipway_stage_outcomes_total\\{[^}]*outcome=\"succeeded\"[^}]*stage=\"build\"[^}]*} [1-9]");
        }
    }

    @Test
    void reportsAnInvalidSpecAsAFailedStageWithTheParsersLines() throws Exception {
        String spec = """
                app: kafka-bad
                build:
                  baseImage: scratch
                  comands: [make]
                environments:
                  - name: staging
                """;
        try (TestRepository repo = TestRepository.create(dir.resolve("bad"))) {
            String sha = repo.write("slipway.yaml", spec).commit("bad spec");
            String runId = UUID.randomUUID().toString();
            OutgoingEvent sent = event(pushed(repo, "kafka-bad", sha), runId);

            events.send(Topics.COMMIT_PUSHED, sent);

            ReceivedEvent answer = events.await(Topics.STAGE_FAILED, EventTypes.STAGE_FAILED, runId, WAIT);
            assertThat(answer.causationId()).isEqualTo(sent.id());
            StageFailed failed = answer.payload(StageFailed.class);
            assertThat(failed.stage()).isEqualTo(Stage.BUILD);
            assertThat(failed.reason()).isEqualTo(FailureReason.INVALID_INPUT);
            assertThat(failed.retriable()).isFalse();
            assertThat(failed.inputTopic()).isEqualTo(Topics.COMMIT_PUSHED);
            assertThat(failed.inputEventId()).isEqualTo(sent.id());
            assertThat(failed.logTail()).containsExactly(
                    "slipway.yaml:4:3: build.comands: unknown field (did you mean 'commands'?)");
            assertThat(failed.message()).contains("slipway.yaml:4:3: build.comands");
        }
    }

    @Test
    void sendsAnUnreadableRecordToTheDeadLetterTopicAndMovesOn() throws Exception {
        String app = "kafka-poison";
        OutgoingEvent poison = OutgoingEvent.of(EventTypes.COMMIT_PUSHED, app, "{not json")
                .withRunId(UUID.randomUUID().toString());
        OutgoingEvent noRun = OutgoingEvent.of(EventTypes.COMMIT_PUSHED, app, "{}");

        events.send(Topics.COMMIT_PUSHED, poison);
        events.send(Topics.COMMIT_PUSHED, noRun);

        List<String> dead = List.of(poison.id(), noRun.id());
        for (String id : dead) {
            ReceivedEvent record = events.await(Topics.dlq(Topics.COMMIT_PUSHED),
                    e -> id.equals(e.id()) || id.equals(e.header("ce_id")), "ce_id " + id, WAIT);
            assertThat(record.key()).isEqualTo(app);
        }

        try (TestRepository repo = TestRepository.create(dir.resolve("after-poison"))) {
            String sha = repo.write("README.md", "no spec here").commit("first");
            String runId = UUID.randomUUID().toString();
            events.send(Topics.COMMIT_PUSHED, event(pushed(repo, app, sha), runId));

            StageFailed failed = events.await(Topics.STAGE_FAILED, EventTypes.STAGE_FAILED, runId, WAIT)
                    .payload(StageFailed.class);
            assertThat(failed.message()).contains("slipway.yaml is missing");
        }
    }
}

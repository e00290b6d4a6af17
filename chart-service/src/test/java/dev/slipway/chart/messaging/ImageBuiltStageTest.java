package dev.slipway.chart.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.slipway.chart.registry.ChartRegistry;
import dev.slipway.chart.support.RegistryTestResource;
import dev.slipway.chart.support.Samples;
import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Stage;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.events.ImageBuilt;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.contracts.spec.ChartSpec;
import dev.slipway.testkit.kafka.CloudEventsClient;
import dev.slipway.testkit.kafka.Kafka;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.kafka.OutgoingEvent;
import dev.slipway.testkit.kafka.ReceivedEvent;
import dev.slipway.testkit.registry.OciRegistry;

/** The chart stage as deployed: a real Kafka broker, the real registry, the embedded Helm. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Topics.CHART_PUBLISHED + "," + Topics.STAGE_FAILED),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.IMAGE_BUILT + "," + Topics.CHART_PUBLISHED + ","
                + Topics.STAGE_FAILED + "," + Topics.IMAGE_BUILT + Topics.DLQ_SUFFIX)})
@WithTestResource(RegistryTestResource.class)
class ImageBuiltStageTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URI root;

    CloudEventsClient kafka;
    ChartRegistry registry;

    @BeforeEach
    void clients() {
        kafka = Kafka.shared().cloudEvents();
        registry = new ChartRegistry(OciRegistry.shared().address(), true, Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void imageBuiltIsAnsweredWithChartPublishedInTheSameRun() throws Exception {
        ImageBuilt built = fresh(Samples.full());
        String runId = UUID.randomUUID().toString();
        OutgoingEvent input = imageBuilt(built, runId);

        kafka.send(Topics.IMAGE_BUILT, input);

        ReceivedEvent answer = kafka.await(Topics.CHART_PUBLISHED, EventTypes.CHART_PUBLISHED, runId, WAIT);
        ChartPublished published = answer.payload(ChartPublished.class);
        assertThat(answer.causationId()).isEqualTo(input.id());
        assertThat(answer.key()).isEqualTo(built.app());
        assertThat(answer.subject()).isEqualTo(built.app());
        assertThat(answer.source()).contains(ImageBuiltConsumer.SERVICE);
        assertThat(published.chart().version()).isEqualTo("0.0.0-3f6c2a9e8b7d");
        assertThat(published.chart().name()).isEqualTo(built.app());
        assertThat(published.image().digest()).isEqualTo(built.image().digest());
        assertThat(registry.digest("charts/" + built.app(), published.chart().version()))
                .contains(published.chart().digest());
    }

    @Test
    void aRedeliveredImageBuiltIsAnsweredWithTheSameEvent() {
        // Given an image-built answered once
        ImageBuilt built = fresh(Samples.minimal());
        String runId = UUID.randomUUID().toString();
        OutgoingEvent input = imageBuilt(built, runId);
        kafka.send(Topics.IMAGE_BUILT, input);
        ReceivedEvent first = kafka.await(Topics.CHART_PUBLISHED, EventTypes.CHART_PUBLISHED, runId, WAIT);

        // When the same record comes again, as it does to an instance that died before committing it
        kafka.send(Topics.IMAGE_BUILT, input);

        // Then the answer is the same event, which readers keep once
        ReceivedEvent again = kafka.await(Topics.CHART_PUBLISHED, e -> runId.equals(e.runId())
                && e.offset() != first.offset(), "a second answer in run " + runId, WAIT);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.causationId()).isEqualTo(input.id());
    }

    @Test
    void replayedImageBuiltIsReportedAgainWithoutASecondPush() throws Exception {
        ImageBuilt built = fresh(Samples.minimal());
        String firstRun = UUID.randomUUID().toString();
        String secondRun = UUID.randomUUID().toString();

        kafka.send(Topics.IMAGE_BUILT, imageBuilt(built, firstRun));
        ChartPublished first = kafka.await(Topics.CHART_PUBLISHED, EventTypes.CHART_PUBLISHED, firstRun, WAIT)
                .payload(ChartPublished.class);
        kafka.send(Topics.IMAGE_BUILT, imageBuilt(built, secondRun));
        ChartPublished second = kafka.await(Topics.CHART_PUBLISHED, EventTypes.CHART_PUBLISHED, secondRun, WAIT)
                .payload(ChartPublished.class);

        assertThat(second.chart()).isEqualTo(first.chart());
        assertThat(registry.tags("charts/" + built.app())).containsExactly(first.chart().version());
    }

    @Test
    void invalidValueEndsInOneStageFailedNamingIt() {
        ImageBuilt good = fresh(Samples.minimal());
        ChartSpec chart = good.spec().chart();
        ImageBuilt built = Samples.withChart(good, new ChartSpec(null, -2, chart.resources(), chart.probes(), null,
                null, List.of()));
        String runId = UUID.randomUUID().toString();
        OutgoingEvent input = imageBuilt(built, runId);

        kafka.send(Topics.IMAGE_BUILT, input);

        ReceivedEvent answer = kafka.await(Topics.STAGE_FAILED, EventTypes.STAGE_FAILED, runId, WAIT);
        StageFailed failed = answer.payload(StageFailed.class);
        assertThat(answer.causationId()).isEqualTo(input.id());
        assertThat(failed.stage()).isEqualTo(Stage.CHART);
        assertThat(failed.reason()).isEqualTo(FailureReason.INVALID_INPUT);
        assertThat(failed.retriable()).isFalse();
        assertThat(failed.message()).contains("replicas");
        assertThat(failed.inputTopic()).isEqualTo(Topics.IMAGE_BUILT);
        assertThat(failed.inputEventId()).isEqualTo(input.id());
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(kafka.readFor(Topics.STAGE_FAILED, Duration.ofSeconds(2)))
                .filteredOn(e -> runId.equals(e.runId())).hasSize(1);
        assertThat(kafka.readFor(Topics.CHART_PUBLISHED, Duration.ofMillis(500)))
                .noneMatch(e -> runId.equals(e.runId()));
    }

    @Test
    void unreadableRecordGoesToTheDeadLetterTopicAndTheNextOneIsServed() {
        String poisonId = UUID.randomUUID().toString();
        OutgoingEvent poison = OutgoingEvent.of(EventTypes.IMAGE_BUILT, "broken", "{not json")
                .withId(poisonId).withRunId(UUID.randomUUID().toString());
        ImageBuilt built = fresh(Samples.minimal());
        String runId = UUID.randomUUID().toString();

        kafka.send(Topics.IMAGE_BUILT, poison);
        kafka.send(Topics.IMAGE_BUILT, imageBuilt(built, runId));

        ReceivedEvent dead = kafka.await(Topics.dlq(Topics.IMAGE_BUILT), e -> poisonId.equals(e.id()),
                "ce_id " + poisonId, WAIT);
        assertThat(dead.payloadText()).isEqualTo("{not json");
        assertThat(dead.key()).isEqualTo("broken");
        assertThat(kafka.await(Topics.CHART_PUBLISHED, EventTypes.CHART_PUBLISHED, runId, WAIT).key())
                .isEqualTo(built.app());
    }

    @Test
    void healthAndMetricsShowTheRegistryAndTheStageOutcomes() throws Exception {
        ImageBuilt built = fresh(Samples.minimal());
        String runId = UUID.randomUUID().toString();
        kafka.send(Topics.IMAGE_BUILT, imageBuilt(built, runId));
        kafka.await(Topics.CHART_PUBLISHED, EventTypes.CHART_PUBLISHED, runId, WAIT);

        HttpResponse<String> ready = get("/q/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("chart registry").contains(OciRegistry.shared().address());
        assertThat(get("/q/metrics").body())
                .contains("slipway_stage_outcomes_total{outcome=\"published\",stage=\"chart\"}");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(root.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static OutgoingEvent imageBuilt(ImageBuilt built, String runId) {
        return OutgoingEvent.of(EventTypes.IMAGE_BUILT, built.app(), built).withRunId(runId);
    }

    private static ImageBuilt fresh(ImageBuilt built) {
        return Samples.named(built, built.app() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }
}

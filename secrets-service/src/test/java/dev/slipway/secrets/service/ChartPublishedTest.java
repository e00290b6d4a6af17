package dev.slipway.secrets.service;

import static dev.slipway.secrets.service.ServiceFixtures.KAFKA;
import static dev.slipway.secrets.service.ServiceFixtures.WAIT;
import static dev.slipway.secrets.service.ServiceFixtures.newApp;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Stage;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.kafka.OutgoingEvent;
import dev.slipway.testkit.kafka.ReceivedEvent;
import dev.slipway.testkit.kubernetes.KubernetesTestResource;
import dev.slipway.testkit.postgres.PostgresTestResource;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Topics.SECRETS_SYNCED + "," + Topics.STAGE_FAILED),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.CHART_PUBLISHED + "," + Topics.SECRETS_SYNCED
                + "," + Topics.STAGE_FAILED)})
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = PostgresTestResource.DATABASE, value = "secrets"))
@WithTestResource(KubernetesTestResource.class)
class ChartPublishedTest {

    @Test
    void sendsAnUnreadableRecordToTheDeadLetterTopicAndMovesOn() {
        String app = newApp();
        OutgoingEvent poison = OutgoingEvent.of(EventTypes.CHART_PUBLISHED, app, "{not json").withRunId("run-" + app);
        KAFKA.send(Topics.CHART_PUBLISHED, poison);
        ServiceFixtures.publishChart(app, "run-after-" + app);

        ReceivedEvent dead = KAFKA.await(Topics.dlq(Topics.CHART_PUBLISHED), e -> poison.id().equals(e.id()),
                "the poison record", WAIT);
        assertThat(dead.key()).isEqualTo(app);
        ServiceFixtures.awaitSynced(app, "staging", s -> true, "the next record handled");
    }

    @Test
    void reportsAChartWithoutSpecAsAFailedStage() {
        String app = newApp();
        ChartPublished noSpec = new ChartPublished(app, null, null, null, null);
        OutgoingEvent event = OutgoingEvent.of(EventTypes.CHART_PUBLISHED, app, noSpec).withRunId("run-" + app);
        KAFKA.send(Topics.CHART_PUBLISHED, event);

        ReceivedEvent failed = KAFKA.await(Topics.STAGE_FAILED, e -> app.equals(e.key()), "a failure of " + app,
                WAIT);
        StageFailed payload = failed.payload(StageFailed.class);
        assertThat(payload.stage()).isEqualTo(Stage.SECRETS);
        assertThat(payload.reason()).isEqualTo(FailureReason.INVALID_INPUT);
        assertThat(payload.retriable()).isFalse();
        assertThat(payload.inputTopic()).isEqualTo(Topics.CHART_PUBLISHED);
        assertThat(payload.inputEventId()).isEqualTo(event.id());
        assertThat(payload.message()).contains("no pipeline spec");
        assertThat(failed.runId()).isEqualTo("run-" + app);
        assertThat(failed.causationId()).isEqualTo(event.id());
    }
}

package dev.slipway.deploy.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.ApprovalGiven;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.events.DeployProgressed;
import dev.slipway.contracts.events.Deployed;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.contracts.spec.PipelineSpec;
import dev.slipway.deploy.support.Releases;
import dev.slipway.testkit.kafka.CloudEventsClient;
import dev.slipway.testkit.kafka.Kafka;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.kafka.OutgoingEvent;
import dev.slipway.testkit.kafka.ReceivedEvent;
import dev.slipway.testkit.kubernetes.KubernetesTestResource;
import dev.slipway.testkit.kubernetes.MockKubernetes;

/**
 * deploy-service end to end: a real Kafka broker, charts rendered by the real Helm library from testkit's registry, and
 * testkit's mock API server, whose Deployment controller the test plays.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Topics.DEPLOY_PROGRESSED + "," + Topics.DEPLOYED + ","
                + Topics.STAGE_FAILED + "," + Topics.BACKUP_REQUESTED),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.CHART_PUBLISHED + "," + Topics.APPROVAL_GIVEN
                + "," + Topics.BACKUP_DONE + "," + Topics.SECRETS_SYNCED + "," + Topics.DEPLOY_PROGRESSED + ","
                + Topics.DEPLOYED + "," + Topics.STAGE_FAILED + "," + Topics.BACKUP_REQUESTED + ","
                + Topics.CHART_PUBLISHED + Topics.DLQ_SUFFIX)})
@WithTestResource(KubernetesTestResource.class)
@WithTestResource(ChartRegistryTestResource.class)
class DeployServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static CloudEventsClient kafka;

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @Inject
    KafkaClientService kafkaClients;

    @BeforeAll
    static void connect() {
        kafka = Kafka.shared().cloudEvents();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    private static OutgoingEvent chartPublished(ChartPublished payload, String runId) {
        return OutgoingEvent.of(EventTypes.CHART_PUBLISHED, payload.app(), payload).withRunId(runId);
    }

    /** The Deployment controller: the rollout of {@code name} becomes ready once it exists. */
    private static void rolloutBecomesReady(String namespace, String name) {
        MockKubernetes cluster = MockKubernetes.shared();
        await().atMost(WAIT).until(() -> {
            Deployment deployment = cluster.client().apps().deployments().inNamespace(namespace).withName(name).get();
            return deployment != null;
        });
        cluster.simulator().markRolloutReady(namespace, name);
    }

    private static ChartPublished published(PipelineSpec spec, char digit) {
        ChartPublished release = Releases.release(spec, digit);
        return new ChartPublished(release.app(), release.commit(), release.image(),
                ChartRegistryTestResource.chart(spec.app()), spec);
    }

    @Test
    void aConsumerThatDiesWithoutLeavingItsGroupHoldsItsPartitionsForTenSecondsOnly() {
        // Slipway's shared default (runtime's microprofile-config.properties), not Kafka's 45 s
        Map<String, ?> consumer = kafkaClients.getConsumer(Topics.CHART_PUBLISHED).configuration();

        assertThat(String.valueOf(consumer.get("session.timeout.ms"))).isEqualTo("10000");
        assertThat(String.valueOf(consumer.get("heartbeat.interval.ms"))).isEqualTo("3000");
    }

    @Test
    void deploysAPublishedChartAndReportsEachStep() {
        PipelineSpec spec = Releases.spec("orders", 2, List.of(),
                Releases.rolling("staging", "orders-staging", 60));
        String runId = "run-" + UUID.randomUUID();
        OutgoingEvent input = chartPublished(published(spec, '1'), runId);

        kafka.send(Topics.CHART_PUBLISHED, input);
        ReceivedEvent planned = kafka.await(Topics.DEPLOY_PROGRESSED, e -> runId.equals(e.runId())
                && e.payload(DeployProgressed.class).phase() == DeployProgressed.Phase.PLANNED, "the plan", WAIT);
        rolloutBecomesReady("orders-staging", "orders");
        ReceivedEvent deployed = kafka.await(Topics.DEPLOYED, EventTypes.DEPLOYED, runId, WAIT);

        assertThat(planned.payload(DeployProgressed.class).plan()).isNotEmpty();
        assertThat(deployed.key()).isEqualTo("orders");
        assertThat(deployed.causationId()).isEqualTo(input.id());
        assertThat(deployed.subject()).isEqualTo("orders");
        assertThat(deployed.payload(Deployed.class)).satisfies(d -> {
            assertThat(d.outcome()).isEqualTo(Deployed.Outcome.SUCCEEDED);
            assertThat(d.environment()).isEqualTo("staging");
            assertThat(d.revision()).isEqualTo(1);
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(get(metrics.toURI()))
                .contains("slipway_stage_outcomes_total{outcome=\"succeeded\",stage=\"deploy\"}"));
    }

    @Test
    void anApprovalFromKafkaOpensTheGate() {
        PipelineSpec spec = Releases.spec("ledger", 1, List.of(),
                Releases.gated("production", "ledger-prod", true, false));
        String runId = "run-" + UUID.randomUUID();
        kafka.send(Topics.CHART_PUBLISHED, chartPublished(published(spec, '1'), runId));
        kafka.await(Topics.DEPLOY_PROGRESSED, e -> runId.equals(e.runId())
                && e.payload(DeployProgressed.class).phase() == DeployProgressed.Phase.AWAITING_APPROVAL,
                "awaiting approval", WAIT);

        kafka.send(Topics.APPROVAL_GIVEN, OutgoingEvent.of(EventTypes.APPROVAL_GIVEN, "ledger",
                new ApprovalGiven("ledger", "production", ApprovalGiven.Decision.APPROVED, "ada", null,
                        Instant.now()))
                .withRunId(runId));
        rolloutBecomesReady("ledger-prod", "ledger");

        ReceivedEvent deployed = kafka.await(Topics.DEPLOYED, EventTypes.DEPLOYED, runId, WAIT);
        assertThat(deployed.payload(Deployed.class).outcome()).isEqualTo(Deployed.Outcome.SUCCEEDED);
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicAndThePartitionMovesOn() {
        String runId = "run-" + UUID.randomUUID();
        OutgoingEvent garbage = OutgoingEvent.of(EventTypes.CHART_PUBLISHED, "broken", "{not json").withRunId(runId);
        kafka.send(Topics.CHART_PUBLISHED, garbage);
        PipelineSpec spec = Releases.spec("broken", 1, List.of());
        String nextRun = "run-" + UUID.randomUUID();
        kafka.send(Topics.CHART_PUBLISHED, chartPublished(published(spec, '2'), nextRun));

        ReceivedEvent dead = kafka.await(Topics.CHART_PUBLISHED + Topics.DLQ_SUFFIX,
                e -> garbage.id().equals(e.id()), "the unreadable record", WAIT);
        assertThat(dead.payloadText()).isEqualTo("{not json");
        ReceivedEvent failed = kafka.await(Topics.STAGE_FAILED, EventTypes.STAGE_FAILED, nextRun, WAIT);
        assertThat(failed.payload(StageFailed.class)).satisfies(f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.INVALID_INPUT);
            assertThat(f.message()).contains("no environments");
            assertThat(f.inputTopic()).isEqualTo(Topics.CHART_PUBLISHED);
        });
    }

    private static String get(URI uri) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}

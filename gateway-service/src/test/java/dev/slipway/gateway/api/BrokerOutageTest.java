package dev.slipway.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.Topics;
import dev.slipway.gateway.support.Gateway;
import dev.slipway.gateway.support.OutboxBroker;
import dev.slipway.gateway.support.OutboxBrokerTestResource;
import dev.slipway.gateway.webhook.Provider;
import dev.slipway.testkit.kafka.CloudEventsClient;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.kafka.ReceivedEvent;
import dev.slipway.testkit.postgres.PostgresTestResource;

/**
 * The outbox outlives a broker outage: pushes are accepted while the broker is down and published exactly once when it
 * is back. Its own application start, because the outbox channel points at a broker this test may stop.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Gateway.OUTGOING),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Gateway.TOPICS)})
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = PostgresTestResource.DATABASE, value = "gateway"))
@WithTestResource(OutboxBrokerTestResource.class)
class BrokerOutageTest {

    private static final String SECRET = "outage-secret";

    @Inject
    DataSource dataSource;

    @Test
    void publishesAPushAcceptedWhileTheBrokerWasDownExactlyOnceWhenItIsBack() throws Exception {
        String fullName = Gateway.uniqueName("outage");
        Gateway.register(Provider.GITHUB, fullName, SECRET, List.of("main"));
        CloudEventsClient broker = new CloudEventsClient(OutboxBroker.bootstrapServers());
        String before = Gateway.push(Provider.GITHUB, fullName, SECRET, "main", WebhookApiTest.sha()).then()
                .statusCode(202).extract().path("runId");
        broker.await(Topics.COMMIT_PUSHED, EventTypes.COMMIT_PUSHED, before, Duration.ofSeconds(60));

        OutboxBroker.down();
        String runId;
        try {
            runId = Gateway.push(Provider.GITHUB, fullName, SECRET, "main", WebhookApiTest.sha()).then()
                    .statusCode(202).extract().path("runId");
            Gateway.as(Gateway.VIEWER).get("/api/runs/" + runId).then().statusCode(200);
            await().atMost(Duration.ofSeconds(60)).until(() -> attempts(runId) >= 1);
            assertThat(sent(runId)).isFalse();
        } finally {
            OutboxBroker.up();
        }

        broker.await(Topics.COMMIT_PUSHED, EventTypes.COMMIT_PUSHED, runId, Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(30)).until(() -> sent(runId));
        List<ReceivedEvent> published = broker.readFor(Topics.COMMIT_PUSHED, Duration.ofSeconds(3));
        assertThat(published).filteredOn(e -> runId.equals(e.runId())).hasSize(1);
        assertThat(published).filteredOn(e -> before.equals(e.runId())).hasSize(1);
    }

    private boolean sent(String runId) throws Exception {
        return query(runId, "SELECT sent_at IS NOT NULL FROM gateway.outbox WHERE run_id = ?", rows -> rows
                .getBoolean(1));
    }

    private int attempts(String runId) throws Exception {
        return query(runId, "SELECT attempts FROM gateway.outbox WHERE run_id = ?", rows -> rows.getInt(1));
    }

    private interface Column<T> {
        T read(ResultSet rows) throws Exception;
    }

    private <T> T query(String runId, String sql, Column<T> column) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, runId);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).as("outbox row of run " + runId).isTrue();
                return column.read(rows);
            }
        }
    }

}

package dev.slipway.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.CommitPushed;
import dev.slipway.contracts.fixtures.SampleEvents;
import dev.slipway.gateway.support.Gateway;
import dev.slipway.testkit.kafka.CloudEventsClient;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.kafka.OutgoingEvent;
import dev.slipway.testkit.postgres.PostgresTestResource;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Gateway.OUTGOING),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Gateway.TOPICS)})
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = PostgresTestResource.DATABASE, value = "gateway"))
class EventStreamApiTest {

    private final CloudEventsClient kafka = Gateway.kafka();

    @Test
    void streamsLiveEventsOfOneApplicationAndType() {
        String app = "live-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> lines = new CopyOnWriteArrayList<>();
        int port = io.restassured.RestAssured.port;
        LineCollector collector = new LineCollector(lines);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/events/stream?app=" + app + "&types=deployed,commit-pushed"))
                .header("Authorization", "Bearer " + Gateway.VIEWER).header("Accept", "text/event-stream").build();
        CompletableFuture<HttpResponse<Void>> stream = HttpClient.newHttpClient().sendAsync(request,
                HttpResponse.BodyHandlers.fromLineSubscriber(collector));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> collector.subscribed);
            assertThat(stream).isNotDone();
            String runId = UUID.randomUUID().toString();
            OutgoingEvent other = OutgoingEvent.of(EventTypes.COMMIT_PUSHED, "other-" + app, pushed("other-" + app))
                    .withRunId(runId);
            OutgoingEvent mine = OutgoingEvent.of(EventTypes.COMMIT_PUSHED, app, pushed(app)).withRunId(runId);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                kafka.send(Topics.COMMIT_PUSHED, other);
                kafka.send(Topics.COMMIT_PUSHED, mine.withId(UUID.randomUUID().toString()));
                return lines.stream().anyMatch(l -> l.contains(app));
            });

            assertThat(lines).filteredOn(l -> l.startsWith("data:")).isNotEmpty()
                    .allMatch(l -> l.contains("\"subject\":\"" + app + "\""))
                    .allMatch(l -> l.contains("\"runId\":\"" + runId + "\""));
        } finally {
            stream.cancel(true);
        }
    }

    private static CommitPushed pushed(String app) {
        CommitPushed sample = SampleEvents.commitPushed();
        return new CommitPushed(app, sample.commit(), sample.before(), sample.author(), sample.message(),
                sample.pushedAt(), UUID.randomUUID().toString());
    }

    /** Keeps each line of the stream. */
    static final class LineCollector implements java.util.concurrent.Flow.Subscriber<String> {
        volatile boolean subscribed;
        private final List<String> lines;

        LineCollector(List<String> lines) {
            this.lines = lines;
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            subscribed = true;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            lines.add(line);
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    }
}

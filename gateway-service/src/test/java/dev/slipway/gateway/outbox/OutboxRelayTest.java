package dev.slipway.gateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import dev.slipway.contracts.EventTypes;
import dev.slipway.gateway.support.Database;
import dev.slipway.gateway.timeline.StoredEvent;
import dev.slipway.testkit.kafka.Kafka;
import dev.slipway.testkit.postgres.Postgres;

/**
 * The relay against a real PostgreSQL outbox and a real broker: batches go out in order, and a failure in the middle
 * of a batch keeps the failed event and everything after it for the next round.
 */
class OutboxRelayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final OutboxStore store = new OutboxStore();
    private Database database;
    private KafkaProducer<String, String> producer;
    private String topic;

    @BeforeEach
    void freshOutboxAndTopic() {
        Postgres postgres = Postgres.shared();
        String url = postgres.createDatabase("outbox_" + UUID.randomUUID().toString().replace("-", ""));
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        dataSource.setUser(postgres.username());
        dataSource.setPassword(postgres.password());
        Flyway.configure().dataSource(dataSource).schemas("gateway").defaultSchema("gateway")
                .locations("classpath:db/migration").load().migrate();
        database = new Database(dataSource);

        Kafka kafka = Kafka.shared();
        topic = "outbox-relay-" + UUID.randomUUID();
        kafka.createTopic(topic, 3);
        Properties properties = kafka.clientProperties();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void publishesEveryEventInOrderAcrossBatches() {
        // Given 250 events of three applications, more than two batches of 100
        List<StoredEvent> events = enqueue(250);

        // When the relay drains the outbox
        int published = new OutboxRelay(database, store, this::toBroker, 100, TIMEOUT).drain();

        // Then each went out once, each application's in the order written, and none waits
        assertThat(published).isEqualTo(250);
        assertThat(backlog()).isZero();
        assertThat(consumeIds(250)).containsExactlyElementsOf(inApplicationOrder(events));
    }

    @Test
    void aRefusedEventHoldsBackItsApplicationsLaterEventsButNotOtherApplications() {
        // Given 150 events of three applications, and a broker that refuses app-0's event 129 once
        List<StoredEvent> events = enqueue(150);
        String refused = events.get(129).eventId();
        Set<String> refusedOnce = ConcurrentHashMap.newKeySet();
        OutboxRelay.Publisher flaky = event -> event.eventId().equals(refused) && refusedOnce.add(refused)
                ? CompletableFuture.failedFuture(new IllegalStateException("NOT_ENOUGH_REPLICAS"))
                : toBroker(event);
        OutboxRelay relay = new OutboxRelay(database, store, flaky, 100, TIMEOUT);

        // When the relay drains: the round ends with the wave holding the refused event
        int first = relay.drain();

        // Then that wave's other events are sent, the refused one carries the error, and it and the rest wait
        assertThat(first).isEqualTo(129);
        assertThat(backlog()).isEqualTo(21);
        assertThat(lastError(refused)).isEqualTo("IllegalStateException: NOT_ENOUGH_REPLICAS");

        // And the next round publishes the rest: each event once, each application's in the order written
        assertThat(relay.drain()).isEqualTo(21);
        assertThat(backlog()).isZero();
        assertThat(consumeIds(150)).containsExactlyElementsOf(inApplicationOrder(events));
    }

    @Test
    void wavesHoldAtMostOneEventPerTopicAndApplication() {
        List<OutboxStore.Pending> rows = new ArrayList<>();
        String[] apps = {"a", "a", "b", "a", "c", "b"};
        for (int i = 0; i < apps.length; i++) {
            rows.add(new OutboxStore.Pending(i, new StoredEvent("e" + i, "commit-pushed", EventTypes.COMMIT_PUSHED,
                    "/slipway/gateway-service", apps[i], "run", null, null, Instant.EPOCH, "{}"), 0));
        }
        rows.add(new OutboxStore.Pending(6, new StoredEvent("e6", "approval-given", EventTypes.APPROVAL_GIVEN,
                "/slipway/gateway-service", "a", "run", null, null, Instant.EPOCH, "{}"), 0));

        assertThat(OutboxRelay.waves(rows)).extracting(wave -> wave.stream().map(OutboxStore.Pending::id).toList())
                .containsExactly(List.of(0L, 2L, 4L, 6L), List.of(1L, 5L), List.of(3L));
    }

    @Test
    void anotherRelayHoldingTheLockPublishesNothing() {
        enqueue(5);
        int published = database.read(connection -> {
            assertThat(store.tryLock(connection)).isTrue();
            try {
                return new OutboxRelay(database, store, this::toBroker, 100, TIMEOUT).drain();
            } finally {
                store.unlock(connection);
            }
        });

        assertThat(published).isZero();
        assertThat(backlog()).isEqualTo(5);
    }

    private CompletionStage<Void> toBroker(StoredEvent event) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, event.app(), event.eventId()), (metadata, failure) -> {
            if (failure == null) {
                acknowledged.complete(null);
            } else {
                acknowledged.completeExceptionally(failure);
            }
        });
        return acknowledged;
    }

    private List<StoredEvent> enqueue(int count) {
        List<StoredEvent> events = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            String app = "app-" + (i % 3);
            events.add(new StoredEvent(app + "/" + i, topic, EventTypes.COMMIT_PUSHED, "/slipway/gateway-service", app,
                    "run-" + i, null, null, now, "{\"app\":\"" + app + "\"}"));
        }
        database.inTransaction(connection -> {
            for (StoredEvent event : events) {
                store.enqueue(connection, event);
            }
            return null;
        });
        return events;
    }

    /** Ids per application in written order, applications one after another (as a per-partition reader sees). */
    private static List<String> inApplicationOrder(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::eventId)
                .sorted((a, b) -> a.substring(0, 5).equals(b.substring(0, 5))
                        ? Integer.compare(number(a), number(b))
                        : a.substring(0, 5).compareTo(b.substring(0, 5)))
                .toList();
    }

    private static int number(String id) {
        return Integer.parseInt(id.substring(id.indexOf('/') + 1));
    }

    /** Every record of the topic, read partition by partition sorted by application then offset. */
    private List<String> consumeIds(int atLeast) {
        Properties properties = Kafka.shared().clientProperties();
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "outbox-relay-test-" + UUID.randomUUID());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (records.size() < atLeast && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records.stream().sorted((a, b) -> a.key().equals(b.key())
                ? Long.compare(a.offset(), b.offset())
                : a.key().compareTo(b.key())).map(ConsumerRecord::value).toList();
    }

    private long backlog() {
        return database.read(store::backlog);
    }

    private String lastError(String eventId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection
                    .prepareStatement("SELECT last_error FROM gateway.outbox WHERE event_id = ?")) {
                select.setString(1, eventId);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getString(1);
                }
            }
        });
    }

}

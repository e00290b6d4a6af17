package dev.slipway.testkit.kafka;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.slipway.contracts.Json;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.cloudevents.CeHeaders;

/**
 * Sends and awaits CloudEvents in Kafka binary mode with plain kafka-clients, as Slipway's services write and read
 * them. Awaiting reads a topic from its first offset without a consumer group, so an event sent before the call is
 * found too and no rebalance slows the test down.
 */
public final class CloudEventsClient implements AutoCloseable {

    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();
    private static final Duration PARTITION_REFRESH = Duration.ofMillis(500);

    private final String bootstrapServers;
    private KafkaProducer<String, byte[]> producer;

    public CloudEventsClient(String bootstrapServers) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers);
    }

    /**
     * Sends {@code event} to {@code topic} and waits for the broker's acknowledgement.
     *
     * @return where the record was written
     */
    public RecordMetadata send(String topic, OutgoingEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, event.subject(),
                serialise(event.data()), headers(event));
        try {
            return producer().send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot send " + event.type() + " to " + topic, e);
        }
    }

    /**
     * Writes {@code event} to {@code <originalTopic>.dlq} as a service's dead-letter queue does once it gave up on the
     * record: the event's own headers, plus {@code dead-letter-reason}, {@code -topic}, {@code -partition} and
     * {@code -offset} naming where it was read.
     *
     * @return where the dead letter was written
     */
    public RecordMetadata sendDeadLetter(String originalTopic, int partition, long offset, String reason,
            OutgoingEvent event) {
        RecordHeaders headers = headers(event);
        add(headers, "dead-letter-reason", reason);
        add(headers, "dead-letter-topic", originalTopic);
        add(headers, "dead-letter-partition", Integer.toString(partition));
        add(headers, "dead-letter-offset", Long.toString(offset));
        String topic = Topics.dlq(originalTopic);
        try {
            return producer().send(new ProducerRecord<>(topic, null, event.subject(), serialise(event.data()), headers))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot send " + event.type() + " to " + topic, e);
        }
    }

    /** Waits for an event of {@code type} on {@code topic}. */
    public ReceivedEvent await(String topic, String type, Duration timeout) {
        return await(topic, hasType(type), "type " + type, timeout);
    }

    /** Waits for an event of {@code type} in run {@code runId} on {@code topic}. */
    public ReceivedEvent await(String topic, String type, String runId, Duration timeout) {
        return await(topic, hasType(type).and(event -> runId.equals(event.runId())),
                "type " + type + " and run id " + runId, timeout);
    }

    /**
     * Waits for an event on {@code topic} that {@code match} accepts, reading from the topic's first offset.
     *
     * @throws AssertionError after {@code timeout}, listing the events that were seen
     */
    public ReceivedEvent await(String topic, Predicate<ReceivedEvent> match, String description, Duration timeout) {
        List<ReceivedEvent> seen = new ArrayList<>();
        ReceivedEvent found = read(topic, timeout, event -> {
            seen.add(event);
            return match.test(event);
        });
        if (found == null) {
            throw new AssertionError("No event with " + description + " on topic " + topic + " within " + timeout
                    + "; saw " + seen.size() + " event(s)" + (seen.isEmpty() ? "" : ": " + summary(seen)));
        }
        return found;
    }

    /** Every event on {@code topic} that arrives within {@code duration}, including those already there. */
    public List<ReceivedEvent> readFor(String topic, Duration duration) {
        List<ReceivedEvent> events = new ArrayList<>();
        read(topic, duration, event -> {
            events.add(event);
            return false;
        });
        return events;
    }

    /** Creates {@code topic} with {@code partitions} partitions unless it exists. */
    public void createTopic(String topic, int partitions) {
        TopicAdmin.create(bootstrapServers, partitions, List.of(topic));
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    private ReceivedEvent read(String topic, Duration timeout, Predicate<ReceivedEvent> stop) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
            Set<TopicPartition> assigned = new HashSet<>();
            long nextRefresh = 0;
            while (System.nanoTime() < deadline) {
                if (System.nanoTime() >= nextRefresh) {
                    assignNewPartitions(consumer, topic, assigned);
                    nextRefresh = System.nanoTime() + PARTITION_REFRESH.toNanos();
                }
                if (assigned.isEmpty()) {
                    sleep(50);
                    continue;
                }
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(Math.min(left, 200)))) {
                    ReceivedEvent event = toEvent(record);
                    if (stop.test(event)) {
                        return event;
                    }
                }
            }
            return null;
        }
    }

    private static void assignNewPartitions(KafkaConsumer<String, byte[]> consumer, String topic,
            Set<TopicPartition> assigned) {
        List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(topic, Duration.ofMillis(500));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return;
        }
        Set<TopicPartition> fresh = new HashSet<>();
        for (PartitionInfo info : partitions == null ? List.<PartitionInfo>of() : partitions) {
            TopicPartition partition = new TopicPartition(info.topic(), info.partition());
            if (!assigned.contains(partition)) {
                fresh.add(partition);
            }
        }
        if (!fresh.isEmpty()) {
            assigned.addAll(fresh);
            consumer.assign(assigned);
            consumer.seekToBeginning(fresh);
        }
    }

    private static ReceivedEvent toEvent(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return new ReceivedEvent(record.topic(), record.partition(), record.offset(), record.key(), headers,
                record.value());
    }

    private static RecordHeaders headers(OutgoingEvent event) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, CeHeaders.SPEC_VERSION, CeHeaders.SPEC_VERSION_1_0);
        add(headers, CeHeaders.ID, event.id());
        add(headers, CeHeaders.SOURCE, event.source());
        add(headers, CeHeaders.TYPE, event.type());
        add(headers, CeHeaders.TIME, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(event.time()));
        add(headers, CeHeaders.SUBJECT, event.subject());
        add(headers, CeHeaders.RUN_ID, event.runId());
        add(headers, CeHeaders.CAUSATION_ID, event.causationId());
        add(headers, CeHeaders.REPLAY_OF, event.replayOf());
        add(headers, CeHeaders.CONTENT_TYPE, "application/json");
        return headers;
    }

    private static void add(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static byte[] serialise(Object data) {
        if (data == null) {
            return null;
        }
        if (data instanceof byte[] bytes) {
            return bytes;
        }
        if (data instanceof String json) {
            return json.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Json.MAPPER.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot serialise " + data.getClass().getName(), e);
        }
    }

    private static Predicate<ReceivedEvent> hasType(String type) {
        return event -> type.equals(event.type());
    }

    private static String summary(List<ReceivedEvent> events) {
        List<String> lines = new ArrayList<>();
        for (ReceivedEvent event : events.subList(Math.max(0, events.size() - 20), events.size())) {
            lines.add(event.toString());
        }
        return String.join(", ", lines);
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties properties = new Properties();
            properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            properties.put(ProducerConfig.CLIENT_ID_CONFIG, "slipway-testkit-producer-" + CLIENT_IDS.incrementAndGet());
            properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            producer = new KafkaProducer<>(properties);
        }
        return producer;
    }

    private Properties consumerProperties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "slipway-testkit-reader-" + CLIENT_IDS.incrementAndGet());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return properties;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading", e);
        }
    }
}

package dev.slipway.gateway.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.slipway.contracts.Topics;
import dev.slipway.contracts.cloudevents.CeHeaders;

/**
 * Reads the dead-letter topics and puts a record back on its own topic, with plain Kafka clients (no consumer group:
 * reading never moves anyone's offsets).
 */
public final class DeadLetters implements AutoCloseable {

    /** Headers SmallRye's dead-letter queue adds; a record put back leaves them behind. */
    static final String HEADER_PREFIX = "dead-letter-";
    static final String ORIGINAL_TOPIC = "dead-letter-topic";
    static final String REASON = "dead-letter-reason";

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration READ_LIMIT = Duration.ofSeconds(10);

    /** A record put back. */
    public record Replayed(String topic, String eventId, String replayOf) {
    }

    private final Properties common;
    private KafkaProducer<String, byte[]> producer;

    /** @param clientProperties at least {@code bootstrap.servers} */
    public DeadLetters(Properties clientProperties) {
        this.common = clientProperties;
    }

    /** Up to {@code limit} of the newest records of each dead-letter topic of the pipeline, oldest first. */
    public List<DeadLetter> list(int limit) {
        List<DeadLetter> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            for (String topic : Topics.ALL) {
                found.addAll(read(consumer, Topics.dlq(topic), limit));
            }
        }
        return found;
    }

    /** The record at {@code offset} of {@code partition} of the dead-letter topic {@code topic}. */
    public Optional<DeadLetter> find(String topic, int partition, long offset) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            TopicPartition tp = new TopicPartition(topic, partition);
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (partitions == null || partitions.stream().noneMatch(p -> p.partition() == partition)) {
                return Optional.empty();
            }
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long begin = consumer.beginningOffsets(List.of(tp)).get(tp);
            if (offset < begin || offset >= end) {
                return Optional.empty();
            }
            consumer.seek(tp, offset);
            long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() == offset) {
                        return Optional.of(deadLetter(record));
                    }
                    if (record.offset() > offset) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Publishes {@code record} on its own topic again: same key, value and CloudEvent attributes, a new
     * {@code ce_id} and {@code ce_time}, and {@code ce_replayof} = its old {@code ce_id}; the dead-letter headers stay
     * behind.
     */
    public Replayed replay(DeadLetter record) {
        String newId = UUID.randomUUID().toString();
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach((name, value) -> {
            if (!name.startsWith(HEADER_PREFIX) && !name.equals(CeHeaders.ID) && !name.equals(CeHeaders.REPLAY_OF)
                    && !name.equals(CeHeaders.TIME)) {
                headers.add(name, value.getBytes(StandardCharsets.UTF_8));
            }
        });
        headers.add(CeHeaders.ID, newId.getBytes(StandardCharsets.UTF_8));
        headers.add(CeHeaders.TIME, OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                .getBytes(StandardCharsets.UTF_8));
        if (record.eventId() != null) {
            headers.add(CeHeaders.REPLAY_OF, record.eventId().getBytes(StandardCharsets.UTF_8));
        }
        ProducerRecord<String, byte[]> again = new ProducerRecord<>(record.originalTopic(), null, record.key(),
                record.payload() == null ? null : record.payload().getBytes(StandardCharsets.UTF_8), headers);
        try {
            producer().send(again).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + record.originalTopic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish to " + record.originalTopic() + ": " + e.getMessage(), e);
        }
        return new Replayed(record.originalTopic(), newId, record.eventId());
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    private List<DeadLetter> read(KafkaConsumer<String, byte[]> consumer, String topic, int limit) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        if (partitions == null || partitions.isEmpty()) {
            return List.of();
        }
        List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(assigned);
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        Map<TopicPartition, Long> begins = consumer.beginningOffsets(assigned);
        Map<TopicPartition, Long> remaining = new LinkedHashMap<>();
        for (TopicPartition tp : assigned) {
            long start = Math.max(begins.get(tp), ends.get(tp) - limit);
            if (start < ends.get(tp)) {
                consumer.seek(tp, start);
                remaining.put(tp, ends.get(tp));
            }
        }
        List<DeadLetter> records = new ArrayList<>();
        long deadline = System.nanoTime() + READ_LIMIT.toNanos();
        while (!remaining.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                Long end = remaining.get(tp);
                if (end != null && record.offset() < end) {
                    records.add(deadLetter(record));
                }
                if (end != null && record.offset() >= end - 1) {
                    remaining.remove(tp);
                }
            }
        }
        records.sort(Comparator.comparing(DeadLetter::timestamp).thenComparing(DeadLetter::offset));
        return records.size() > limit ? records.subList(records.size() - limit, records.size()) : records;
    }

    static DeadLetter deadLetter(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        String original = headers.getOrDefault(ORIGINAL_TOPIC, record.topic().endsWith(Topics.DLQ_SUFFIX)
                ? record.topic().substring(0, record.topic().length() - Topics.DLQ_SUFFIX.length())
                : record.topic());
        return new DeadLetter(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()), record.key(), original, headers.get(REASON),
                headers.get(CeHeaders.ID), headers.get(CeHeaders.TYPE), headers.get(CeHeaders.RUN_ID), headers,
                record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties properties = new Properties();
        properties.putAll(common);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "gateway-service-dlq-reader");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(properties);
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties properties = new Properties();
            properties.putAll(common);
            properties.put(ProducerConfig.CLIENT_ID_CONFIG, "gateway-service-dlq-replay");
            properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
            properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
            properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
            producer = new KafkaProducer<>(properties);
        }
        return producer;
    }
}

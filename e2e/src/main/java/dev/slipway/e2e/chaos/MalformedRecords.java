package dev.slipway.e2e.chaos;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.cloudevents.CeHeaders;

/**
 * Records no Slipway consumer can read, written to the pipeline's topics: without CloudEvents headers, with a body
 * that is not JSON, of another topic's type, without a run id, with a JSON array for a body, and with a JSON object
 * naming no application. Afterwards, each one's copies on {@code <topic>.dlq} are found by the
 * {@code dead-letter-topic}, {@code dead-letter-partition} and {@code dead-letter-offset} headers SmallRye's
 * dead-letter strategy adds, next to {@code dead-letter-reason}.
 */
public final class MalformedRecords {

    /** The kinds of malformed record, written in turn. */
    public static final List<String> KINDS = List.of("no CloudEvents headers", "body not JSON", "wrong type",
            "no run id", "JSON array body", "no application");

    private static final Map<String, String> TYPES = Map.of(Topics.COMMIT_PUSHED, EventTypes.COMMIT_PUSHED,
            Topics.IMAGE_BUILT, EventTypes.IMAGE_BUILT, Topics.CHART_PUBLISHED, EventTypes.CHART_PUBLISHED,
            Topics.DEPLOY_PROGRESSED, EventTypes.DEPLOY_PROGRESSED, Topics.DEPLOYED, EventTypes.DEPLOYED,
            Topics.BACKUP_REQUESTED, EventTypes.BACKUP_REQUESTED, Topics.BACKUP_DONE, EventTypes.BACKUP_DONE,
            Topics.SECRETS_SYNCED, EventTypes.SECRETS_SYNCED, Topics.APPROVAL_GIVEN, EventTypes.APPROVAL_GIVEN,
            Topics.STAGE_FAILED, EventTypes.STAGE_FAILED);

    /** Where one malformed record was written. */
    public record Written(String topic, int partition, long offset, String kind) {
    }

    /** What reached a dead-letter topic for one written record. */
    public record DeadLetters(Written record, int copies, int withReason, int withOriginalValue) {
    }

    private MalformedRecords() {
    }

    /**
     * Writes {@code perTopic} malformed records to each of {@code topics}, keyed so that they spread over partitions,
     * and returns where each landed.
     */
    public static List<Written> write(String bootstrap, List<String> topics, int perTopic) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
            for (String topic : topics) {
                for (int i = 0; i < perTopic; i++) {
                    int kind = i % KINDS.size();
                    ProducerRecord<String, String> record = record(topic, i, kind);
                    sent.add(producer.send(record));
                    kinds.add(KINDS.get(kind));
                }
            }
            producer.flush();
            List<Written> written = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                RecordMetadata metadata = sent.get(i).get(30, TimeUnit.SECONDS);
                written.add(new Written(metadata.topic(), metadata.partition(), metadata.offset(), kinds.get(i)));
            }
            return written;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot write the malformed records", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    static ProducerRecord<String, String> record(String topic, int index, int kind) {
        String key = "malformed-" + index;
        RecordHeaders headers = new RecordHeaders();
        String value = "{\"app\":\"" + key + "\"}";
        if (kind != 0) {
            String type = kind == 2 ? "dev.slipway.unknown.v1" : TYPES.get(topic);
            add(headers, CeHeaders.SPEC_VERSION, CeHeaders.SPEC_VERSION_1_0);
            add(headers, CeHeaders.ID, UUID.randomUUID().toString());
            add(headers, CeHeaders.SOURCE, "chaos-suite");
            add(headers, CeHeaders.TYPE, type);
            // The last kind has no subject either, so that no consumer finds an application anywhere.
            if (kind != 5) {
                add(headers, CeHeaders.SUBJECT, key);
            }
            add(headers, CeHeaders.CONTENT_TYPE, "application/json");
            if (kind != 3) {
                add(headers, CeHeaders.RUN_ID, "malformed-" + UUID.randomUUID());
            }
            value = switch (kind) {
                case 1 -> "not json {" + index;
                case 4 -> "[1, 2, " + index + "]";
                case 5 -> "{\"unknown\": " + index + "}";
                default -> value;
            };
        }
        return new ProducerRecord<>(topic, null, key, value, headers);
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads every dead-letter topic of {@code written}'s topics from the beginning and counts, for each written
     * record, the copies that name it, those with a {@code dead-letter-reason}, and those keeping its value.
     */
    public static List<DeadLetters> deadLetters(String bootstrap, List<Written> written) {
        Map<String, int[]> found = new HashMap<>();
        Set<String> topics = new TreeSet<>();
        written.forEach(w -> topics.add(Topics.dlq(w.topic())));
        for (ConsumerRecord<String, String> record : readAll(bootstrap, List.copyOf(topics))) {
            String key = header(record, "dead-letter-topic") + "/" + header(record, "dead-letter-partition") + "/"
                    + header(record, "dead-letter-offset");
            int[] counts = found.computeIfAbsent(key, k -> new int[3]);
            counts[0]++;
            String reason = header(record, "dead-letter-reason");
            if (reason != null && !reason.isBlank()) {
                counts[1]++;
            }
            counts[2] += record.value() == null ? 0 : 1;
        }
        List<DeadLetters> result = new ArrayList<>();
        for (Written w : written) {
            int[] counts = found.getOrDefault(w.topic() + "/" + w.partition() + "/" + w.offset(), new int[3]);
            result.add(new DeadLetters(w, counts[0], counts[1], counts[2]));
        }
        return result;
    }

    /** Every record of {@code topics}, from the beginning to the current end. */
    public static List<ConsumerRecord<String, String>> readAll(String bootstrap, List<String> topics) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo partition : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, partition.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
            end.putAll(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topics + " to their end in 2 minutes");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

package dev.slipway.e2e.follow;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.contracts.Json;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.cloudevents.CeHeaders;

/**
 * Reads every pipeline topic as a team subscribing to Slipway would (no consumer group: it assigns itself every
 * partition, from the end when it starts, so it sees what happens from then on) and hands each event to its listeners.
 * Keeps every event it read, for waiting on one.
 */
public final class RunFollower implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<PipelineEvent> events = new CopyOnWriteArrayList<>();
    private final List<Consumer<PipelineEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public RunFollower(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "slipway-run-follower");
        consumer = new KafkaConsumer<>(properties);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : Topics.ALL) {
            for (PartitionInfo partition : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, partition.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Resolve the end offsets now, so that nothing sent after construction is skipped.
        partitions.forEach(consumer::position);
        thread = new Thread(this::loop, "run-follower");
        thread.setDaemon(true);
    }

    public RunFollower onEvent(Consumer<PipelineEvent> listener) {
        listeners.add(listener);
        return this;
    }

    public RunFollower start() {
        thread.start();
        return this;
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    PipelineEvent event = read(record);
                    if (event != null) {
                        events.add(event);
                        for (Consumer<PipelineEvent> listener : listeners) {
                            try {
                                listener.accept(event);
                            } catch (RuntimeException e) {
                                System.err.println("run follower: " + e);
                            }
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    static PipelineEvent read(ConsumerRecord<String, String> record) {
        String runId = header(record, CeHeaders.RUN_ID);
        String type = header(record, CeHeaders.TYPE);
        if (runId == null || type == null || record.value() == null) {
            return null;
        }
        JsonNode payload;
        try {
            payload = Json.MAPPER.readTree(record.value());
        } catch (Exception e) {
            return null;
        }
        Instant time = Instant.ofEpochMilli(record.timestamp());
        String ceTime = header(record, CeHeaders.TIME);
        if (ceTime != null) {
            try {
                time = Instant.parse(ceTime);
            } catch (DateTimeParseException e) {
                // keep the record's timestamp
            }
        }
        return new PipelineEvent(record.topic(), header(record, CeHeaders.ID), type, runId,
                header(record, CeHeaders.CAUSATION_ID), header(record, CeHeaders.REPLAY_OF), time, payload);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Every event read so far, oldest first. */
    public List<PipelineEvent> events() {
        return List.copyOf(events);
    }

    /** The events of one run read so far. */
    public List<PipelineEvent> events(String runId) {
        return events.stream().filter(e -> runId.equals(e.runId())).toList();
    }

    /** The first event read so far that matches. */
    public java.util.Optional<PipelineEvent> first(Predicate<PipelineEvent> predicate) {
        return events.stream().filter(predicate).findFirst();
    }

    @Override
    public void close() {
        running = false;
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(2));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.slipway.e2e.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer groups' lag (end offsets minus committed offsets), from the AdminClient: per partition, or summed per
 * group.
 */
public final class ConsumerLag implements AutoCloseable {

    private static final long ANSWER_SECONDS = 10;

    private final Admin admin;

    /** One group's committed offset on one partition, and the partition's end. */
    public record PartitionLag(String group, TopicPartition partition, long committed, long end) {

        public long lag() {
            return Math.max(0, end - committed);
        }
    }

    public ConsumerLag(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                8000));
    }

    /** Lag by group, for the groups whose names {@code groups} lists (others, and groups not there yet, are left out). */
    public Map<String, Long> sample(List<String> groups) throws Exception {
        List<String> present = admin.listConsumerGroups().all().get(ANSWER_SECONDS, TimeUnit.SECONDS).stream()
                .map(ConsumerGroupListing::groupId).filter(groups::contains).toList();
        Map<String, Long> lags = new TreeMap<>();
        present.forEach(group -> lags.put(group, 0L));
        partitions(present, (group, topic) -> true).forEach(p -> lags.merge(p.group(), p.lag(), Long::sum));
        return lags;
    }

    /**
     * Each partition the groups have committed an offset on, of the topics {@code reads} accepts for the group, with
     * the partition's end.
     */
    public List<PartitionLag> partitions(Collection<String> groups, BiPredicate<String, String> reads)
            throws Exception {
        Map<String, Map<TopicPartition, Long>> committed = new TreeMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(ANSWER_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, Long> read = new HashMap<>();
            offsets.forEach((partition, offset) -> {
                if (offset != null && reads.test(group, partition.topic())) {
                    read.put(partition, offset.offset());
                    latest.put(partition, OffsetSpec.latest());
                }
            });
            committed.put(group, read);
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(ANSWER_SECONDS, TimeUnit.SECONDS);
        List<PartitionLag> partitions = new ArrayList<>();
        committed.forEach((group, read) -> read.forEach((partition, offset) -> {
            if (ends.containsKey(partition)) {
                partitions.add(new PartitionLag(group, partition, offset, ends.get(partition).offset()));
            }
        }));
        return partitions;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}

package dev.slipway.e2e.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.TopicPartition;

import dev.slipway.e2e.bench.ConsumerLag;

/**
 * Watches the committed offsets of Slipway's consumer groups against the ends of their partitions, once a second,
 * through Kafka's Admin API. A partition <em>stalls</em> while its group has records left to read on it (lag above
 * zero) and its committed offset does not move; the longest such stretch of each group and partition is kept.
 */
public final class LagMonitor implements AutoCloseable {

    private static final Duration SAMPLE = Duration.ofSeconds(1);

    /** One group's view of one partition. */
    public record Key(String group, TopicPartition partition) {
        @Override
        public String toString() {
            return group + " " + partition;
        }
    }

    private static final class Track {
        long committed = -1;
        Instant since;
        Duration longestStall = Duration.ZERO;
        long maxLag;
        long lag;
    }

    private final ConsumerLag offsets;
    private final Map<String, List<String>> groups;
    private final Map<Key, Track> tracks = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private int samples;

    /**
     * @param groups each consumer group and the topics it reads
     */
    public LagMonitor(String bootstrap, Map<String, List<String>> groups) {
        this.offsets = new ConsumerLag(bootstrap);
        this.groups = Map.copyOf(groups);
        this.thread = new Thread(this::loop, "chaos-lag-monitor");
        this.thread.setDaemon(true);
    }

    public LagMonitor start() {
        thread.start();
        return this;
    }

    private void loop() {
        while (running) {
            try {
                sample(Instant.now());
            } catch (Exception e) {
                // the broker is restarting: the next sample looks again
            }
            try {
                Thread.sleep(SAMPLE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample(Instant now) throws Exception {
        List<ConsumerLag.PartitionLag> partitions = offsets.partitions(groups.keySet(),
                (group, topic) -> groups.get(group).contains(topic));
        synchronized (tracks) {
            samples++;
            for (ConsumerLag.PartitionLag partition : partitions) {
                long offset = partition.committed();
                long lag = partition.lag();
                Track track = tracks.computeIfAbsent(new Key(partition.group(), partition.partition()),
                        k -> new Track());
                track.lag = lag;
                track.maxLag = Math.max(track.maxLag, lag);
                if (offset != track.committed || lag == 0) {
                    track.committed = offset;
                    track.since = now;
                } else {
                    Duration stall = Duration.between(track.since, now);
                    if (stall.compareTo(track.longestStall) > 0) {
                        track.longestStall = stall;
                    }
                }
            }
        }
    }

    /** Each group and partition's longest stall so far, longest first. */
    public Map<Key, Duration> longestStalls() {
        synchronized (tracks) {
            Map<Key, Duration> stalls = new TreeMap<>((a, b) -> {
                int byStall = tracks.get(b).longestStall.compareTo(tracks.get(a).longestStall);
                return byStall != 0 ? byStall : a.toString().compareTo(b.toString());
            });
            tracks.forEach((key, track) -> stalls.put(key, track.longestStall));
            return stalls;
        }
    }

    /** The highest lag seen per group. */
    public Map<String, Long> maxLagByGroup() {
        synchronized (tracks) {
            Map<String, Long> lag = new TreeMap<>();
            tracks.forEach((key, track) -> lag.merge(key.group(), track.maxLag, Math::max));
            return lag;
        }
    }

    /** The lag now, summed per group. */
    public Map<String, Long> lagByGroup() {
        synchronized (tracks) {
            Map<String, Long> lag = new TreeMap<>();
            tracks.forEach((key, track) -> lag.merge(key.group(), track.lag, Long::sum));
            return lag;
        }
    }

    public int samples() {
        synchronized (tracks) {
            return samples;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        offsets.close();
    }
}

package dev.slipway.e2e.services;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import dev.slipway.contracts.Topics;

/** Creates Slipway's topics and their dead-letter topics before the services start. */
public final class PipelineTopics {

    private PipelineTopics() {
    }

    /** Every pipeline topic and its {@code .dlq}. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(Topics.ALL);
        Topics.ALL.forEach(topic -> names.add(Topics.dlq(topic)));
        return names;
    }

    /**
     * Creates each missing topic with {@code partitions} partitions (replication factor 1: one broker).
     *
     * @return the topics created now
     */
    public static List<String> create(String bootstrapServers, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = names().stream().filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, partitions, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create Slipway's topics on " + bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }
}

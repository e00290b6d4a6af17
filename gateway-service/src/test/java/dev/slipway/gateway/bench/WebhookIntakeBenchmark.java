package dev.slipway.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.slipway.contracts.Json;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.cloudevents.CeHeaders;
import dev.slipway.gateway.support.Gateway;
import dev.slipway.gateway.webhook.Payloads;
import dev.slipway.gateway.webhook.Provider;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.postgres.PostgresTestResource;

/**
 * Signed webhook intake: distinct signed GitHub pushes from a bounded pool of concurrent clients over loopback, each
 * answer timed, against the same clients asking {@code /q/health/live} of the same server in the same run; then how
 * long the outbox relay takes to put every accepted push on {@code commit-pushed}. The gateway, its Kafka broker and
 * the clients share this JVM, as in the module's tests (same test resources), against the real broker and a real
 * PostgreSQL. Not part of the test suite (the name does not end in Test): run it with {@code bench/webhook-intake.sh}.
 * It prints figures (lines starting with BENCH); it asserts only that every delivery was accepted and published.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Gateway.OUTGOING),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Gateway.TOPICS)})
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = PostgresTestResource.DATABASE, value = "gateway"))
class WebhookIntakeBenchmark {

    static final int DELIVERIES = Integer.getInteger("bench.deliveries", 2000);
    static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
    static final int WARMUP = Integer.getInteger("bench.warmup", 300);
    /** Pushes go to this many repositories in turn: the relay sends events of different applications together. */
    static final int REPOSITORIES = Integer.getInteger("bench.repositories", 50);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final Duration RELAY_TIMEOUT = Duration.ofSeconds(Integer.getInteger("bench.relayTimeoutSeconds", 300));

    private static final String SECRET = "bench-webhook-secret";

    @TestHTTPResource("/")
    URI base;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void signedPushesAgainstHealthOfTheSameServer() throws Exception {
        List<String> repositories = new ArrayList<>();
        for (int r = 0; r < REPOSITORIES; r++) {
            repositories.add(Gateway.uniqueName("bench"));
            Gateway.register(Provider.GITHUB, repositories.get(r), SECRET, List.of("main"));
        }
        URI webhook = base.resolve("/webhooks/github");
        URI health = base.resolve("/q/health/live");

        // Every body signed before the clock starts: the figures are the server's, not the client's HMAC.
        List<HttpRequest> warmupPushes = pushes(webhook, repositories, WARMUP);
        List<HttpRequest> pushes = pushes(webhook, repositories, DELIVERIES);
        HttpRequest live = HttpRequest.newBuilder(health).timeout(REQUEST_TIMEOUT).GET().build();

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try (TopicWatch topic = TopicWatch.start(bootstrapServers(), Topics.COMMIT_PUSHED)) {
            // Warm-up: both paths, and the relay drained, so neither phase below pays for JIT or a backlog.
            Phase warm = run(client, pool, warmupPushes::get, WARMUP, 202);
            run(client, pool, i -> live, WARMUP, 200);
            topic.awaitAll(warm.runIdList(), RELAY_TIMEOUT);

            Phase baseline = run(client, pool, i -> live, DELIVERIES, 200);
            Phase intake = run(client, pool, pushes::get, DELIVERIES, 202);
            long allPublished = topic.awaitAll(intake.runIdList(), RELAY_TIMEOUT);

            assertThat(intake.runIdList()).doesNotHaveDuplicates().hasSize(DELIVERIES);
            long[] relayLag = new long[DELIVERIES];
            for (int i = 0; i < DELIVERIES; i++) {
                relayLag[i] = topic.seenAt(intake.runIds()[i]) - intake.answeredAt()[i];
            }
            report(baseline, intake, allPublished, relayLag);
            System.out.printf("BENCH machine: %d cores, load average %.1f, Java %s, %s%n",
                    Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.version(), String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()
                            .stream().filter(arg -> arg.startsWith("-X")).toList()));
        } finally {
            pool.shutdownNow();
        }
    }

    private static void report(Phase baseline, Phase intake, long allPublished, long[] relayLag) {
        long baseP50 = percentile(baseline.latencies(), 0.50);
        long baseP99 = percentile(baseline.latencies(), 0.99);
        long p50 = percentile(intake.latencies(), 0.50);
        long p99 = percentile(intake.latencies(), 0.99);
        double publishedSeconds = (allPublished - intake.started()) / 1e9;
        System.out.printf("%nBENCH webhook intake: %d signed GitHub pushes to %d repositories, %d concurrent clients, "
                + "%d warm-up, HTTP/1.1 keep-alive over loopback%n", DELIVERIES, REPOSITORIES, CONCURRENCY, WARMUP);
        System.out.printf("BENCH | baseline GET /q/health/live | %.0f req/s | p50 %s | p99 %s |%n",
                baseline.perSecond(), ms(baseP50), ms(baseP99));
        System.out.printf("BENCH | signed push POST /webhooks/github | %.0f deliveries/s | p50 %s | p99 %s |%n",
                intake.perSecond(), ms(p50), ms(p99));
        System.out.printf("BENCH | ratio intake / baseline | throughput %.2f | p50 %.1f | p99 %.1f |%n",
                intake.perSecond() / baseline.perSecond(), (double) p50 / baseP50, (double) p99 / baseP99);
        System.out.printf("BENCH | all %d on %s | %.2f s after the first send, %s after the last answer | "
                + "%.0f events/s |%n", DELIVERIES, Topics.COMMIT_PUSHED, publishedSeconds,
                ms(allPublished - intake.finished()), DELIVERIES / publishedSeconds);
        System.out.printf("BENCH | answer -> on %s, per event | p50 %s | p99 %s | max %s |%n", Topics.COMMIT_PUSHED,
                ms(percentile(relayLag, 0.50)), ms(percentile(relayLag, 0.99)), ms(percentile(relayLag, 1.0)));
    }

    /** {@code count} requests from {@link #CONCURRENCY} clients, each answer timed from send to last byte. */
    private static Phase run(HttpClient client, ExecutorService pool, IntFunction<HttpRequest> requests, int count,
            int expectedStatus) throws Exception {
        long[] latencies = new long[count];
        long[] answeredAt = new long[count];
        String[] runIds = new String[count];
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> clients = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < CONCURRENCY; c++) {
            clients.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    HttpRequest request = requests.apply(i);
                    long sent = System.nanoTime();
                    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    long answered = System.nanoTime();
                    if (response.statusCode() != expectedStatus) {
                        throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                                + new String(response.body(), StandardCharsets.UTF_8));
                    }
                    latencies[i] = answered - sent;
                    answeredAt[i] = answered;
                    if (expectedStatus == 202) {
                        runIds[i] = Json.MAPPER.readTree(response.body()).path("runId").asText(null);
                        if (runIds[i] == null) {
                            throw new IllegalStateException("an accepted push without a run id");
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> each : clients) {
            each.get(10, TimeUnit.MINUTES);
        }
        return new Phase(count, started, System.nanoTime(), latencies, answeredAt, runIds);
    }

    private static List<HttpRequest> pushes(URI webhook, List<String> repositories, int count) {
        List<HttpRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String sha = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 40);
            byte[] body = Payloads.json(Payloads.push(Provider.GITHUB,
                    repositories.get(i % repositories.size()), "main", sha));
            HttpRequest.Builder request = HttpRequest.newBuilder(webhook).timeout(REQUEST_TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            Gateway.signedHeaders(Provider.GITHUB, SECRET, body, UUID.randomUUID().toString())
                    .forEach(request::header);
            requests.add(request.build());
        }
        return requests;
    }

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** Nearest rank. */
    static long percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static String ms(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }

    private record Phase(int count, long started, long finished, long[] latencies, long[] answeredAt,
            String[] runIds) {

        double perSecond() {
            return count / ((finished - started) / 1e9);
        }

        List<String> runIdList() {
            return Arrays.asList(runIds);
        }
    }

    /**
     * Reads a topic from its end on a thread of its own and notes when each run's event was first seen, so the relay
     * is timed by a plain consumer, outside the gateway.
     */
    private static final class TopicWatch implements AutoCloseable {

        private final Map<String, Long> seen = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        private TopicWatch(KafkaConsumer<String, byte[]> consumer) {
            thread = new Thread(() -> {
                try (consumer) {
                    while (running.get()) {
                        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                            long now = System.nanoTime();
                            Header runId = record.headers().lastHeader(CeHeaders.RUN_ID);
                            if (runId != null) {
                                seen.putIfAbsent(new String(runId.value(), StandardCharsets.UTF_8), now);
                            }
                        }
                    }
                }
            }, "bench-topic-watch");
            thread.setDaemon(true);
        }

        static TopicWatch start(String bootstrapServers, String topic) {
            Properties properties = new Properties();
            properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-topic-watch");
            properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties);
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            // seekToEnd is lazy: resolve the positions now, before anything is sent.
            partitions.forEach(consumer::position);
            TopicWatch watch = new TopicWatch(consumer);
            watch.thread.start();
            return watch;
        }

        /** Waits until every run in {@code runIds} has been seen; returns when the last of them was. */
        long awaitAll(Collection<String> runIds, Duration timeout) {
            await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> seen.keySet().containsAll(runIds));
            return runIds.stream().mapToLong(seen::get).max().orElseThrow();
        }

        long seenAt(String runId) {
            return seen.get(runId);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }
}

package dev.slipway.e2e.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.Json;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.cloudevents.CeHeaders;
import dev.slipway.contracts.events.CommitRef;
import dev.slipway.contracts.events.ImageBuilt;
import dev.slipway.contracts.events.ImageRef;
import dev.slipway.contracts.spec.SpecParser;
import dev.slipway.e2e.fleet.FleetApp;
import dev.slipway.e2e.local.KafkaBroker;
import dev.slipway.e2e.services.Credentials;
import dev.slipway.e2e.services.Infrastructure;
import dev.slipway.e2e.services.PipelineTopics;
import dev.slipway.e2e.services.Service;
import dev.slipway.e2e.services.Tuning;
import dev.slipway.testkit.registry.OciRegistry;

/**
 * Stage handoff: from an event's emission ({@code ce_time}) in one stage to the start of its handler in the next,
 * through a real service, against plain kafka-clients produce → consume on the same broker in the same run, with the
 * same record (CloudEvents binary headers, JSON string value, keyed by the application).
 *
 * <p>
 * The benchmark plays build-service: it emits {@code image-built} to chart-service (a process of its own, from its
 * runnable jar), which logs each handoff it records in {@code slipway_stage_handoff_seconds} at DEBUG with the event's
 * id. The next event is sent only once chart-service has answered the previous one, so no handler start waits behind
 * the previous chart's work. The baseline is the same producer sending the same record to a topic of the same shape
 * that a plain {@link KafkaConsumer} polls, timed the same way: receipt minus {@code ce_time}. The two take turns,
 * event by event. Prints lines starting with BENCH.
 */
public final class StageHandoffBench {

    private static final String BASELINE_TOPIC = "bench-handoff-baseline";
    private static final Pattern HANDOFF = Pattern
            .compile("handoff service=(\\S+) type=(\\S+) id=(\\S+) micros=(\\d+)");

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Duration pace = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 20);
        Path root = Path.of(System.getProperty("slipway.root", ".")).toAbsolutePath().normalize();
        Path work = root.resolve("target/bench/stage-handoff")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(work);

        try (Machine machine = Machine.sample();
                KafkaBroker broker = KafkaBroker.start(work.resolve("kafka"))) {
            String bootstrap = broker.bootstrapServers();
            PipelineTopics.create(bootstrap, 3);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic(BASELINE_TOPIC, 3, (short) 1))).all().get(30,
                        TimeUnit.SECONDS);
            }
            OciRegistry registry = OciRegistry.shared();
            Infrastructure infra = new Infrastructure(bootstrap, registry.address(), null, null, null, null);
            log("broker " + bootstrap + ", registry " + registry.address() + "; starting chart-service");
            try (OneService chart = OneService.start(root, work, Service.CHART, infra, Credentials.generate(),
                    Tuning.fast(), Map.of("quarkus.log.category.\"dev.slipway.runtime.StageHandoff\".level",
                            "DEBUG"));
                    Listener baseline = new Listener(bootstrap, "bench-handoff-baseline", List.of(BASELINE_TOPIC));
                    Listener answers = new Listener(bootstrap, "bench-handoff-answers",
                            List.of(Topics.CHART_PUBLISHED, Topics.STAGE_FAILED));
                    KafkaProducer<String, String> producer = producer(bootstrap)) {
                baseline.start();
                answers.start();
                log("chart-service ready (pid " + chart.process().pid() + "); " + warmUp + " warm-up and " + events
                        + " measured events each way, one at a time, " + pace.toMillis() + " ms apart");
                List<String> measuredBaseline = new ArrayList<>();
                List<String> measuredService = new ArrayList<>();
                for (int i = 0; i < warmUp + events; i++) {
                    String app = "handoff-" + (i % 8);
                    String json = Json.MAPPER.writeValueAsString(imageBuilt(app, registry.address()));

                    String baselineId = send(producer, BASELINE_TOPIC, app, json);
                    baseline.await(baselineId, Duration.ofSeconds(30));
                    Thread.sleep(pace.toMillis());

                    String serviceId = send(producer, Topics.IMAGE_BUILT, app, json);
                    answers.awaitAnswer(serviceId, Duration.ofSeconds(120));
                    Thread.sleep(pace.toMillis());
                    if (i >= warmUp) {
                        measuredBaseline.add(baselineId);
                        measuredService.add(serviceId);
                    }
                    if ((i + 1) % 100 == 0) {
                        log((i + 1) + " of " + (warmUp + events) + " sent");
                    }
                }
                Map<String, Long> handoffs = handoffs(chart.process().log());
                List<Double> raw = measuredBaseline.stream().map(id -> baseline.micros.get(id) / 1000.0).toList();
                List<Double> service = measuredService.stream().filter(handoffs::containsKey)
                        .map(id -> handoffs.get(id) / 1000.0).toList();
                Percentiles rawP = new Percentiles(raw);
                Percentiles serviceP = new Percentiles(service);
                System.out.println("BENCH machine: " + machine.describe());
                System.out.printf("BENCH raw kafka-clients produce -> consume: n=%d p50=%.2f ms p99=%.2f ms "
                        + "max=%.2f ms%n", rawP.count(), rawP.median(), rawP.at(99), rawP.max());
                System.out.printf("BENCH chart-service image-built -> handler start: n=%d p50=%.2f ms p99=%.2f ms "
                        + "max=%.2f ms%n", serviceP.count(), serviceP.median(), serviceP.at(99), serviceP.max());
                System.out.printf("BENCH service / raw: p50 %.2f, p99 %.2f%n", serviceP.median() / rawP.median(),
                        serviceP.at(99) / rawP.at(99));
                chart.metrics("slipway_stage_handoff_seconds{").stream().filter(l -> l.contains("quantile"))
                        .forEach(line -> System.out.println("BENCH /q/metrics " + line));
                log("chart-service log: " + chart.process().log());
            }
        }
        System.exit(0);
    }

    private static ImageBuilt imageBuilt(String app, String registry) throws Exception {
        String sha = hex(20);
        return new ImageBuilt(app, new CommitRef("github", "fleet/" + app, "file:///fleet/" + app, FleetApp.BRANCH,
                sha),
                new ImageRef(registry + "/" + app, "sha256:" + hex(32), List.of(sha, sha.substring(0, 12),
                        FleetApp.BRANCH)),
                null, 1024, 1, 10, SpecParser.parse(FleetApp.slipwayYaml(app)));
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** Sends the record as a stage emits it, stamped with the time of sending; returns its {@code ce_id}. */
    private static String send(KafkaProducer<String, String> producer, String topic, String app, String json) {
        String id = UUID.randomUUID().toString();
        RecordHeaders headers = new RecordHeaders();
        header(headers, CeHeaders.SPEC_VERSION, CeHeaders.SPEC_VERSION_1_0);
        header(headers, CeHeaders.ID, id);
        header(headers, CeHeaders.SOURCE, "/slipway/build-service");
        header(headers, CeHeaders.TYPE, EventTypes.IMAGE_BUILT);
        header(headers, CeHeaders.SUBJECT, app);
        header(headers, CeHeaders.RUN_ID, UUID.randomUUID().toString());
        header(headers, CeHeaders.CONTENT_TYPE, "application/json");
        header(headers, CeHeaders.TIME, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now(
                ZoneOffset.UTC)));
        producer.send(new ProducerRecord<>(topic, null, app, json, headers));
        return id;
    }

    private static void header(RecordHeaders headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** The handoffs chart-service logged, in microseconds by event id. */
    private static Map<String, Long> handoffs(Path log) throws IOException {
        Map<String, Long> found = new ConcurrentHashMap<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = HANDOFF.matcher(line);
            if (m.find() && EventTypes.IMAGE_BUILT.equals(m.group(2))) {
                found.put(m.group(3), Long.parseLong(m.group(4)));
            }
        }
        return found;
    }

    private static void log(String line) {
        System.out.println("[stage-handoff] " + line);
    }

    /**
     * A plain consumer in a group of its own: notes each record's receipt minus its {@code ce_time}, and which events
     * each record answers ({@code ce_causationid}).
     */
    static final class Listener implements AutoCloseable {

        final Map<String, Long> micros = new ConcurrentHashMap<>();
        final Set<String> answered = ConcurrentHashMap.newKeySet();
        private final KafkaConsumer<String, String> consumer;
        private final List<String> topics;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile boolean assigned;

        Listener(String bootstrap, String group, List<String> topics) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            this.consumer = new KafkaConsumer<>(p);
            this.topics = topics;
            this.thread = new Thread(this::run, "listener-" + group);
        }

        void start() throws InterruptedException {
            thread.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!assigned && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }

        private void run() {
            consumer.subscribe(topics);
            while (running) {
                var records = consumer.poll(Duration.ofMillis(100));
                if (!consumer.assignment().isEmpty()) {
                    assigned = true;
                }
                for (ConsumerRecord<String, String> record : records) {
                    Instant now = Instant.now();
                    String id = value(record, CeHeaders.ID);
                    String time = value(record, CeHeaders.TIME);
                    if (id != null && time != null) {
                        micros.put(id, Duration.between(OffsetDateTime.parse(time).toInstant(), now).toNanos()
                                / 1_000);
                    }
                    String cause = value(record, CeHeaders.CAUSATION_ID);
                    if (cause != null) {
                        answered.add(cause);
                    }
                }
            }
            consumer.close(Duration.ofSeconds(2));
        }

        private static String value(ConsumerRecord<String, String> record, String key) {
            Header header = record.headers().lastHeader(key);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }

        void await(String id, Duration timeout) throws InterruptedException {
            awaitIn(micros.keySet(), id, timeout);
        }

        void awaitAnswer(String id, Duration timeout) throws InterruptedException {
            awaitIn(answered, id, timeout);
        }

        private static void awaitIn(Set<String> seen, String id, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!seen.contains(id)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("event " + id + " not seen within " + timeout);
                }
                Thread.sleep(1);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5_000);
        }
    }

    private StageHandoffBench() {
    }
}
